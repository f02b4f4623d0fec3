package io.ringkv.server.api;

import io.ringkv.membership.ClusterChangeRefusedException;
import io.ringkv.server.cluster.ClaimantCalls;
import io.ringkv.server.cluster.ClaimantMessages;
import io.ringkv.server.cluster.ClaimantMessages.PlanView;
import io.ringkv.server.cluster.ClaimantMessages.Reply;
import io.ringkv.server.cluster.ClaimantMessages.Request;
import io.ringkv.server.cluster.ClaimantUnreachableException;
import io.ringkv.server.cluster.NodeDescription;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Membership changes (admin role): stage joins, leaves, replaces and force-removes, review the plan,
 * commit it. Any node takes them and sends them on to the claimant, the one node that makes new ring
 * versions (docs/membership.md).
 */
@RestController
@RequestMapping("/v1/admin/cluster")
public class ClusterAdminController implements ClusterAdminApiDocs {
    private final ClaimantCalls calls;

    public ClusterAdminController(ClaimantCalls calls) {
        this.calls = calls;
    }

    /** @param node the node the change is about; absent: the node asked */
    public record NodeBody(@Nullable String node) {}

    /**
     * @param node the member replaced
     * @param replacement the node, not yet a member, that takes over exactly its partitions
     */
    public record ReplaceBody(
            @Nullable String node, @Nullable String replacement) {}

    /** @param plan the id of the plan reviewed (GET /v1/admin/cluster/plan) */
    public record CommitBody(@Nullable String plan) {}

    /**
     * @param claimant the node that holds the staged changes
     * @param changes the staged changes, in the order staged
     */
    public record StagedBody(String claimant, List<String> changes) {}

    /**
     * @param claimant the node that committed it
     * @param ringVersion the version of the ring it installed
     */
    public record CommittedBody(String claimant, long ringVersion) {}

    @Override
    @PostMapping("/join")
    @ClientOperation("admin-cluster-join")
    public StagedBody join(@RequestBody(required = false) @Nullable NodeBody body) {
        return staged(() -> {
            NodeDescription joining = calls.describe(body == null ? null : body.node());
            return calls.call(new Request(ClaimantMessages.JOIN, null, joining, null, null, null, null, null));
        });
    }

    @Override
    @PostMapping("/leave")
    @ClientOperation("admin-cluster-leave")
    public StagedBody leave(@RequestBody(required = false) @Nullable NodeBody body) {
        return staged(() ->
                calls.call(new Request(ClaimantMessages.LEAVE, nodeOrSelf(body), null, null, null, null, null, null)));
    }

    @Override
    @PostMapping("/replace")
    @ClientOperation("admin-cluster-replace")
    public StagedBody replace(@RequestBody(required = false) @Nullable ReplaceBody body) {
        if (body == null || blank(body.node()) || blank(body.replacement())) {
            throw new ApiException(
                    ProblemType.INVALID_CLUSTER_CHANGE,
                    "a replace names both nodes: {\"node\":\"<member>\",\"replacement\":\"<new node>\"}");
        }
        return staged(() -> {
            NodeDescription replacement = calls.describe(body.replacement());
            return calls.call(
                    new Request(ClaimantMessages.REPLACE, body.node(), replacement, null, null, null, null, null));
        });
    }

    @Override
    @PostMapping("/force-remove")
    @ClientOperation("admin-cluster-force-remove")
    public StagedBody forceRemove(@RequestBody(required = false) @Nullable NodeBody body) {
        if (body == null || blank(body.node())) {
            throw new ApiException(
                    ProblemType.INVALID_CLUSTER_CHANGE, "a force-remove names the node: {\"node\":\"<member>\"}");
        }
        return staged(() -> calls.call(
                new Request(ClaimantMessages.FORCE_REMOVE, body.node(), null, null, null, null, null, null)));
    }

    @Override
    @GetMapping("/staged")
    @ClientOperation("admin-cluster-staged")
    public StagedBody staged() {
        return staged(() -> calls.call(op(ClaimantMessages.STAGED)));
    }

    @Override
    @DeleteMapping("/staged")
    @ClientOperation("admin-cluster-clear")
    public StagedBody clearStaged() {
        return staged(() -> calls.call(op(ClaimantMessages.CLEAR)));
    }

    @Override
    @GetMapping("/plan")
    @ClientOperation("admin-cluster-plan")
    public PlanView plan() {
        return refusalsMapped(() -> calls.call(op(ClaimantMessages.PLAN))).plan();
    }

    @Override
    @PostMapping("/commit")
    @ClientOperation("admin-cluster-commit")
    public CommittedBody commit(@RequestBody(required = false) @Nullable CommitBody body) {
        if (body == null || blank(body.plan())) {
            throw new ApiException(
                    ProblemType.INVALID_CLUSTER_CHANGE,
                    "a commit names the plan reviewed: {\"plan\":\"<id from GET /v1/admin/cluster/plan>\"}");
        }
        Reply reply = refusalsMapped(() ->
                calls.call(new Request(ClaimantMessages.COMMIT, null, null, body.plan(), null, null, null, null)));
        return new CommittedBody(reply.claimant(), reply.ringVersion());
    }

    private static Request op(String op) {
        return new Request(op, null, null, null, null, null, null, null);
    }

    private String nodeOrSelf(@Nullable NodeBody body) {
        return body == null || blank(body.node()) ? calls.describe(null).id() : body.node();
    }

    private static boolean blank(@Nullable String s) {
        return s == null || s.isBlank();
    }

    private static StagedBody staged(Supplier<Reply> call) {
        Reply reply = refusalsMapped(call);
        return new StagedBody(reply.claimant(), reply.staged() == null ? List.of() : reply.staged());
    }

    /** Runs a call, its refusals answered as problems. */
    private static Reply refusalsMapped(Supplier<Reply> call) {
        try {
            return call.get();
        } catch (ClusterChangeRefusedException e) {
            ProblemType type =
                    switch (e.kind()) {
                        case BAD_REQUEST -> ProblemType.INVALID_CLUSTER_CHANGE;
                        case NOT_FOUND -> ProblemType.NODE_NOT_FOUND;
                        case CONFLICT -> ProblemType.CLUSTER_CHANGE_REFUSED;
                    };
            throw new ApiException(type, e.getMessage());
        } catch (ClaimantUnreachableException e) {
            throw new ApiException(ProblemType.CLAIMANT_UNAVAILABLE, e.getMessage());
        }
    }
}
