package io.ringkv.server.cluster;

import io.ringkv.membership.Claimant;
import io.ringkv.membership.ClusterChange;
import io.ringkv.membership.ClusterChangeRefusedException;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import io.ringkv.server.cluster.ClaimantMessages.PlanView;
import io.ringkv.server.cluster.ClaimantMessages.Reply;
import io.ringkv.server.cluster.ClaimantMessages.Request;
import io.ringkv.transfer.TransferReports;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Cluster changes, wherever they are asked: run by the {@link Claimant} when this node is the
 * claimant of the ring it holds, else sent to the claimant ({@code POST /internal/v1/claimant},
 * signed like every internal call). Refusals come back as {@link ClusterChangeRefusedException}; a
 * claimant that cannot be reached as {@link ClaimantUnreachableException} naming it. Also reports
 * completed transfers to the claimant.
 */
public final class ClaimantCalls implements TransferReports {
    public static final String PATH = "/internal/v1/claimant";
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** The most bytes of a claimant's answer read (a plan of every range moving fits many times). */
    private static final long MAX_REPLY_BYTES = 64L << 20;

    private final String self;
    private final Claimant claimant;
    private final ClusterMembership membership;
    private final OkHttpClient client;
    private final Function<String, String> gossipAddress;

    /**
     * @param gossipAddress where gossip last heard a node (members and nodes that are not yet ones)
     */
    public ClaimantCalls(
            String self,
            Claimant claimant,
            ClusterMembership membership,
            OkHttpClient client,
            Function<String, String> gossipAddress) {
        this.self = self;
        this.claimant = claimant;
        this.membership = membership;
        this.client = client;
        this.gossipAddress = gossipAddress;
    }

    /** The claimant of the ring this node holds. */
    public String claimantId() {
        return Claimant.of(membership.requireView().ring());
    }

    /** Runs {@code request} here if this node is the claimant, else at the claimant. */
    public Reply call(Request request) {
        String at = claimantId();
        if (at.equals(self)) {
            return handle(request);
        }
        return forward(at, request);
    }

    /**
     * Runs {@code request} at this node, which must be the claimant.
     *
     * @throws ClusterChangeRefusedException when the claimant refuses it
     */
    public Reply handle(Request request) {
        String op = request.op() == null ? "" : request.op();
        switch (op) {
            case ClaimantMessages.JOIN -> {
                NodeDescription joining = described(request);
                claimant.join(joining.toNodeInfo(), joining.cluster(), joining.partitions());
                return staged();
            }
            case ClaimantMessages.LEAVE -> {
                claimant.leave(named(request));
                return staged();
            }
            case ClaimantMessages.REPLACE -> {
                NodeDescription replacement = described(request);
                claimant.replace(
                        named(request), replacement.toNodeInfo(), replacement.cluster(), replacement.partitions());
                return staged();
            }
            case ClaimantMessages.FORCE_REMOVE -> {
                claimant.forceRemove(named(request));
                return staged();
            }
            case ClaimantMessages.STAGED -> {
                return staged();
            }
            case ClaimantMessages.CLEAR -> {
                claimant.clearStaged();
                return staged();
            }
            case ClaimantMessages.PLAN -> {
                return new Reply(self, null, PlanView.of(claimant.plan()), null, null, null);
            }
            case ClaimantMessages.COMMIT -> {
                if (request.plan() == null || request.plan().isBlank()) {
                    throw new ClusterChangeRefusedException(
                            ClusterChangeRefusedException.Kind.BAD_REQUEST,
                            "a commit names its plan: {\"plan\":\"<id>\"}");
                }
                Ring installed = claimant.commit(request.plan());
                return new Reply(self, null, null, installed.version(), null, null);
            }
            case ClaimantMessages.TRANSFER_DONE -> {
                if (request.startVersion() == null || request.range() == null || request.to() == null) {
                    throw new ClusterChangeRefusedException(
                            ClusterChangeRefusedException.Kind.BAD_REQUEST,
                            "a transfer report names startVersion, range and to");
                }
                Ring after = claimant.transferDone(
                        request.startVersion(), new Transfer(request.range(), request.from(), request.to()));
                return new Reply(self, null, null, after.version(), null, null);
            }
            default ->
                throw new ClusterChangeRefusedException(
                        ClusterChangeRefusedException.Kind.BAD_REQUEST, "unknown claimant operation '" + op + "'");
        }
    }

    @Override
    public void done(long startVersion, Transfer transfer) {
        call(new Request(
                ClaimantMessages.TRANSFER_DONE,
                null,
                null,
                null,
                startVersion,
                transfer.range(),
                transfer.from(),
                transfer.to()));
    }

    /**
     * How {@code nodeId} describes itself: this node's own description, or the answer of {@code GET
     * /internal/v1/node} at the address gossip heard for it.
     */
    public NodeDescription describe(String nodeId) {
        if (nodeId == null || nodeId.equals(self)) {
            return membership.self();
        }
        String address = gossipAddress.apply(nodeId);
        HttpUrl base = address == null ? membership.baseUrl(nodeId) : HttpUrl.parse("http://" + address);
        if (base == null) {
            throw new ClusterChangeRefusedException(
                    ClusterChangeRefusedException.Kind.NOT_FOUND,
                    "node " + nodeId + " is not known here: gossip has not heard of it (is it started, with this"
                            + " cluster's seeds?)");
        }
        HttpUrl url = base.newBuilder().encodedPath(ClusterMembership.NODE_PATH).build();
        try (Response response = client.newCall(
                        new okhttp3.Request.Builder().url(url).get().build())
                .execute()) {
            if (response.code() != 200) {
                throw new ClusterChangeRefusedException(
                        ClusterChangeRefusedException.Kind.CONFLICT,
                        "node " + nodeId + " at " + address + " answered HTTP " + response.code()
                                + " when asked to describe itself");
            }
            NodeDescription described = JSON.readValue(body(response), NodeDescription.class);
            if (!nodeId.equals(described.id())) {
                throw new ClusterChangeRefusedException(
                        ClusterChangeRefusedException.Kind.CONFLICT,
                        "the node at " + address + " is " + described.id() + ", not " + nodeId);
            }
            return described;
        } catch (IOException | JacksonException e) {
            throw new ClusterChangeRefusedException(
                    ClusterChangeRefusedException.Kind.CONFLICT,
                    "node " + nodeId + " could not be asked to describe itself: " + e.getMessage());
        }
    }

    private Reply staged() {
        List<String> changes =
                claimant.staged().stream().map(ClusterChange::describe).toList();
        return new Reply(self, changes, null, null, null, null);
    }

    private static NodeDescription described(Request request) {
        NodeDescription joining = request.joining();
        if (joining == null || joining.id() == null) {
            throw new ClusterChangeRefusedException(
                    ClusterChangeRefusedException.Kind.BAD_REQUEST, "the request names no joining node");
        }
        if (joining.cluster() == null || joining.partitions() == null) {
            throw new ClusterChangeRefusedException(
                    ClusterChangeRefusedException.Kind.CONFLICT,
                    "node " + joining.id() + " did not say its cluster name and partitions (an older version?)");
        }
        try {
            joining.toNodeInfo();
        } catch (IllegalArgumentException e) {
            throw new ClusterChangeRefusedException(ClusterChangeRefusedException.Kind.BAD_REQUEST, e.getMessage());
        }
        return joining;
    }

    private static String named(Request request) {
        if (request.node() == null || request.node().isBlank()) {
            throw new ClusterChangeRefusedException(
                    ClusterChangeRefusedException.Kind.BAD_REQUEST, "the request names no node");
        }
        return request.node();
    }

    private Reply forward(String at, Request request) {
        HttpUrl base = membership.baseUrl(at);
        if (base == null) {
            throw new ClaimantUnreachableException(at, "no address known for it yet");
        }
        HttpUrl url = base.newBuilder().encodedPath(PATH).build();
        byte[] body = JSON.writeValueAsBytes(request);
        try (Response response = client.newCall(new okhttp3.Request.Builder()
                        .url(url)
                        .post(RequestBody.create(body, JSON_TYPE))
                        .build())
                .execute()) {
            byte[] answer = body(response);
            Reply reply;
            try {
                reply = JSON.readValue(answer, Reply.class);
            } catch (JacksonException e) {
                throw new ClaimantUnreachableException(at, "HTTP " + response.code() + " without a claimant's answer");
            }
            if (reply.refused() != null) {
                ClusterChangeRefusedException.Kind kind;
                try {
                    kind = ClusterChangeRefusedException.Kind.valueOf(reply.refused());
                } catch (IllegalArgumentException e) {
                    kind = ClusterChangeRefusedException.Kind.CONFLICT;
                }
                throw new ClusterChangeRefusedException(kind, reply.reason());
            }
            if (response.code() != 200) {
                throw new ClaimantUnreachableException(at, "HTTP " + response.code());
            }
            return reply;
        } catch (IOException e) {
            throw new ClaimantUnreachableException(at, e.toString());
        }
    }

    private static byte[] body(Response response) throws IOException {
        ResponseBody body = response.body();
        if (body.contentLength() > MAX_REPLY_BYTES) {
            throw new IOException("an answer of " + body.contentLength() + " bytes");
        }
        return body.source().readByteArray();
    }
}
