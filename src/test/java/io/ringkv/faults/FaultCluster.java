package io.ringkv.faults;

import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.server.TestNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Five (or any number of) {@link FaultNode}s that know each other as seeds, and the questions the
 * suite asks them: ready, who they see UP, a key's replicas, and one replica's own stored versions
 * of a key (a replica {@code Get} on the internal API: it reads that node's storage only, so it
 * repairs nothing, unlike a client read).
 */
public final class FaultCluster implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final MediaType REPLICA = MediaType.get(ReplicaCodec.MEDIA_TYPE);

    private final List<FaultNode> nodes = new ArrayList<>();
    private final OkHttpClient http;
    private final Map<String, List<String>> replicasOf = new HashMap<>();

    public FaultCluster(OkHttpClient http) {
        this.http = http;
    }

    public void add(FaultNode node) {
        nodes.add(node);
    }

    public List<FaultNode> nodes() {
        return List.copyOf(nodes);
    }

    public FaultNode node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    /** The key the suite's clients present; its role is admin (see {@link #settings}). */
    public static final String CLIENT_KEY = "fault-suite-client-key-0123456789";

    /**
     * Node settings every suite node gets: the seeds, timeouts short enough for a short run, and
     * security on — internal calls signed with a cluster secret, clients with an API key.
     */
    public static List<String> settings(List<Integer> ports) {
        List<String> seeds = new ArrayList<>();
        ports.forEach(p -> seeds.add("127.0.0.1:" + p));
        return List.of(
                "--ringkv.seeds=" + String.join(",", seeds),
                "--ringkv.cluster.gossip-interval=250ms",
                "--ringkv.cluster.request-timeout=2s",
                "--ringkv.handoff.interval=250ms",
                "--ringkv.repair.interval=3s",
                "--ringkv.repair.rate=0",
                "--ringkv.ring.partitions=16",
                "--ringkv.storage.memtable-size=4MB",
                "--ringkv.storage.block-cache-size=1MB",
                TestNode.CLUSTER_SECRET_SETTING,
                // f4 runs 90 s ahead and f1 90 s behind: signatures must be taken across 180 s
                "--ringkv.security.replay-window=5m",
                "--ringkv.security.clients[0].name=fault-suite",
                "--ringkv.security.clients[0].key=" + CLIENT_KEY,
                "--ringkv.security.clients[0].roles=admin");
    }

    public boolean ready(FaultNode n) {
        return status(n, "/actuator/health/readiness") == 200;
    }

    /** Whether {@code observer} sees every node of the cluster with status {@code status}. */
    boolean seesAll(FaultNode observer, String status) {
        Map<String, String> view = members(observer);
        return nodes.stream().allMatch(n -> status.equals(view.get(n.id())));
    }

    /** Whether every node sees every node UP. */
    boolean allUp() {
        return nodes.stream().allMatch(n -> seesAll(n, "UP"));
    }

    /** Each member's status as {@code observer} sees it; empty when it does not answer. */
    public Map<String, String> members(FaultNode observer) {
        Map<String, String> view = new HashMap<>();
        try (Response r = http.newCall(new Request.Builder()
                        .url(observer.base() + "/v1/cluster/members")
                        .build())
                .execute()) {
            if (r.code() == 200) {
                for (JsonNode m : JSON.readTree(r.body().bytes()).path("members")) {
                    view.put(m.path("id").asString(), m.path("status").asString());
                }
            }
        } catch (IOException | RuntimeException e) {
            // not answering: no view
        }
        return view;
    }

    /** The key's replicas (its preference list), asked once of a node that answers. */
    List<String> replicas(String bucket, String key) throws IOException {
        String id = bucket + "/" + key;
        List<String> known = replicasOf.get(id);
        if (known != null) {
            return known;
        }
        IOException last = null;
        for (FaultNode n : nodes) {
            try (Response r = http.newCall(new Request.Builder()
                            .url(n.base() + "/v1/cluster/preference-list/" + bucket + "/" + key)
                            .build())
                    .execute()) {
                if (r.code() == 200) {
                    List<String> ids = new ArrayList<>();
                    JSON.readTree(r.body().bytes()).path("nodes").forEach(x -> ids.add(x.asString()));
                    replicasOf.put(id, List.copyOf(ids));
                    return ids;
                }
            } catch (IOException e) {
                last = e;
            }
        }
        throw new IOException("no node answered the preference list of " + id, last);
    }

    /** The versions of the key that {@code node} itself stores, read without repairing anything. */
    public Optional<VersionedObject> stored(FaultNode node, String bucket, String key) {
        byte[] body = ReplicaCodec.encode(new ReplicaRequest.Get(bucket, key.getBytes(StandardCharsets.UTF_8)));
        try (Response r = http.newCall(TestNode.signed(new Request.Builder()
                        .url(node.base() + "/internal/v1/replica")
                        .post(RequestBody.create(body, REPLICA))
                        .build()))
                .execute()) {
            if (r.code() != 200) {
                return Optional.empty();
            }
            ReplicaResponse answer = ReplicaCodec.decodeResponse(r.body().bytes());
            return answer instanceof ReplicaResponse.Versions v ? Optional.of(v.object()) : Optional.empty();
        } catch (IOException | EncodingException e) {
            return Optional.empty();
        }
    }

    /** The sum over the nodes of an unlabelled gauge or counter, or NaN if one does not answer. */
    double sum(String metric) {
        double total = 0;
        for (FaultNode n : nodes) {
            try (Response r = http.newCall(new Request.Builder()
                            .url(n.base() + "/actuator/prometheus")
                            .build())
                    .execute()) {
                if (r.code() != 200) {
                    return Double.NaN;
                }
                total += io.ringkv.testing.Scrape.value(r.body().string(), metric);
            } catch (IOException | RuntimeException e) {
                return Double.NaN;
            }
        }
        return total;
    }

    int status(FaultNode n, String path) {
        try (Response r =
                http.newCall(new Request.Builder().url(n.base() + path).build()).execute()) {
            return r.code();
        } catch (IOException e) {
            return -1;
        }
    }

    /** The node's wall clock as its HTTP {@code Date} header tells it, in epoch millis; -1 if unknown. */
    long wallClock(FaultNode n) {
        try (Response r = http.newCall(
                        new Request.Builder().url(n.base() + "/ping").build())
                .execute()) {
            java.util.Date date = r.headers().getDate("Date");
            return date == null ? -1 : date.getTime();
        } catch (IOException e) {
            return -1;
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (FaultNode n : nodes) {
            n.close();
        }
    }
}
