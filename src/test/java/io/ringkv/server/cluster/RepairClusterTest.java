package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes (n = 3, so each replicates every partition) whose replicas differ — keys written
 * straight into one node's store, and a concurrent version at another — are made equal by {@code
 * POST /v1/admin/repair}, followed to {@code done} at /v1/admin/operations; and the admin API's
 * refusals are problems.
 */
class RepairClusterTest {
    private static final String[] IDS = {"nodeA", "nodeB", "nodeC"};
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path dataDir;

    static TestNode[] nodes = new TestNode[3];

    @BeforeAll
    static void startCluster() throws Exception {
        int[] ports = new int[3];
        List<ServerSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ServerSocket socket = new ServerSocket(0);
            sockets.add(socket);
            ports[i] = socket.getLocalPort();
        }
        for (ServerSocket socket : sockets) {
            socket.close();
        }
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        for (int i = 0; i < 3; i++) {
            nodes[i] = TestNode.start(
                    dataDir.resolve(IDS[i]),
                    "--server.port=" + ports[i],
                    "--ringkv.node-id=" + IDS[i],
                    "--ringkv.seeds=" + seeds,
                    "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                    "--ringkv.cluster.request-timeout=3s",
                    "--ringkv.ring.partitions=64",
                    TestNode.CLUSTER_SECRET_SETTING,
                    "--ringkv.repair.enabled=false",
                    "--ringkv.storage.memtable-size=4MB",
                    "--ringkv.storage.block-cache-size=1MB");
        }
        for (TestNode node : nodes) {
            await("ready", () -> status(node, "/actuator/health/readiness") == 200);
        }
        for (TestNode observer : nodes) {
            for (String id : IDS) {
                await(id + " up", () -> isUp(observer, id));
            }
        }
    }

    @AfterAll
    static void stopCluster() {
        for (TestNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    @Test
    void aRepairAtOneNodeMakesEveryReplicaEqual() throws Exception {
        // 200 keys that only nodeA holds (as if the others had missed them past the hint window),
        // and a version of k7 that only nodeC holds, concurrent with nodeA's.
        for (int i = 0; i < 200; i++) {
            store(0).put("rep", key("k" + i), write("value-" + i));
        }
        store(2).put("rep", key("k7"), write("concurrent"));
        assertThat(stored(1, "k0").isEmpty()).isTrue();

        Reply started = post(nodes[0], "/v1/admin/repair", null);
        assertThat(started.status()).as("%s", started).isEqualTo(202);
        String id = started.json().path("id").asString();
        assertThat(started.header("Location")).isEqualTo("/v1/admin/operations/" + id);

        await("repair done", () -> state(id).equals("done") || state(id).equals("failed"));
        JsonNode op = nodes[0].get("/v1/admin/operations/" + id).json();
        assertThat(op.path("state").asString()).as(op.toString()).isEqualTo("done");
        assertThat(op.path("kind").asString()).isEqualTo("repair");
        assertThat(op.path("scope").asString()).isEqualTo("node");
        assertThat(op.path("partitionsTotal").asInt()).isEqualTo(64);
        assertThat(op.path("partitionsDone").asInt()).isEqualTo(64);
        assertThat(op.path("keysRepaired").asLong()).isGreaterThanOrEqualTo(400);
        assertThat(op.path("bytesSent").asLong()).isPositive();
        assertThat(op.path("finishedAt").asString()).isNotBlank();
        System.out.println("repair of a three-node cluster: " + op);

        // nodeA exchanged with B and C side by side; one more round at B carries C's version to B.
        Reply second = post(nodes[1], "/v1/admin/repair", "{\"bucket\":\"rep\"}");
        assertThat(second.status()).isEqualTo(202);
        String secondId = second.json().path("id").asString();
        await("second repair done", () -> {
            try {
                return nodes[1].get("/v1/admin/operations/" + secondId)
                        .json()
                        .path("state")
                        .asString()
                        .equals("done");
            } catch (IOException e) {
                return false;
            }
        });
        for (int i = 0; i < 200; i++) {
            VersionedObject a = stored(0, "k" + i);
            assertThat(a.siblings()).as("k%d", i).isNotEmpty();
            assertThat(stored(1, "k" + i)).as("k%d at nodeB", i).isEqualTo(a);
            assertThat(stored(2, "k" + i)).as("k%d at nodeC", i).isEqualTo(a);
        }
        assertThat(stored(1, "k7").siblings()).hasSize(2);
        assertThat(nodes[0].get("/v1/admin/operations")
                        .json()
                        .path("operations")
                        .size())
                .isGreaterThanOrEqualTo(1);
        String scrape = nodes[0].get("/actuator/prometheus").body();
        assertThat(scrape)
                .contains("ringkv_repair_exchanges_total{outcome=\"ok\"")
                .contains("ringkv_repair_keys_repaired_total")
                .contains("ringkv_repair_partition_age_max_seconds");
    }

    @Test
    void badRepairRequestsAreProblems() throws Exception {
        assertProblem(post(nodes[0], "/v1/admin/repair", "{\"partition\":64}"), 400, "invalid-parameter", "64");
        assertProblem(post(nodes[0], "/v1/admin/repair", "{\"partition\":-1}"), 400, "invalid-parameter", "-1");
        assertProblem(
                post(nodes[0], "/v1/admin/repair", "{\"bucket\":\"never-written\"}"),
                400,
                "invalid-parameter",
                "never-written");
        assertProblem(
                post(nodes[0], "/v1/admin/repair", "{\"bucket\":\"x\",\"partition\":1}"),
                400,
                "invalid-parameter",
                "not both");
        assertProblem(
                post(nodes[0], "/v1/admin/repair", "{\"bucket\":\"bad name!\"}"),
                400,
                "invalid-bucket-name",
                "bad name!");
        assertProblem(post(nodes[0], "/v1/admin/repair", "{\"partition\":\"seven\"}"), 400, "malformed-request", "");
        assertProblem(post(nodes[0], "/v1/admin/repair", "{\"nonsense\":1}"), 400, "malformed-request", "");
        assertProblem(nodes[0].get("/v1/admin/operations/nope"), 404, "operation-not-found", "nope");
        Reply ok = post(nodes[0], "/v1/admin/repair", "{\"partition\":5}");
        assertThat(ok.status()).as("%s", ok).isEqualTo(202);
        // A repair request that is not one: refused, nothing changes.
        Reply internal = TestNode.execute(TestNode.signed(new Request.Builder()
                // signed for the address the node advertises, as its peers call it
                .url(nodes[0].url("/internal/v1/repair").replace("localhost", "127.0.0.1"))
                .post(RequestBody.create(
                        new byte[] {1, 2, 3, 4, 5, 6, 7}, MediaType.get("application/x-ringkv-repair")))
                .build()));
        assertProblem(internal, 400, "malformed-request", "not a repair request");
    }

    private static void assertProblem(Reply reply, int status, String type, String detail) {
        assertThat(reply.status()).as("%s", reply).isEqualTo(status);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:" + type);
        assertThat(reply.json().path("detail").asString()).contains(detail);
    }

    private static String state(String id) {
        try {
            return nodes[0].get("/v1/admin/operations/" + id)
                    .json()
                    .path("state")
                    .asString();
        } catch (IOException e) {
            return "";
        }
    }

    private static Reply post(TestNode node, String path, String json) throws IOException {
        return TestNode.execute(new Request.Builder()
                .url(node.url(path))
                .post(
                        json == null
                                ? RequestBody.create(new byte[0], null)
                                : RequestBody.create(json, MediaType.get("application/json")))
                .build());
    }

    private static ReplicaStore store(int i) {
        return nodes[i].context().getBean(ReplicaStore.class);
    }

    private static VersionedObject stored(int i, String key) {
        try {
            return store(i).get("rep", key(key));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] key(String k) {
        return k.getBytes(StandardCharsets.UTF_8);
    }

    private static WriteRequest write(String value) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    private static int status(TestNode node, String path) {
        try {
            return node.get(path).status();
        } catch (IOException e) {
            return -1;
        }
    }

    private static boolean isUp(TestNode observer, String id) {
        try {
            for (JsonNode m : observer.get("/v1/cluster/members").json().path("members")) {
                if (m.path("id").asString().equals(id)
                        && m.path("status").asString().equals("UP")) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(50);
        }
    }
}
