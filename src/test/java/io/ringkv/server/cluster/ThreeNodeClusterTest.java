package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.VersionedObject;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes on loopback, each with its own data directory, that know each other through
 * their seeds: writes at one node are read at the others, concurrent writes become siblings, a node
 * that is down fails W=3 naming it, and a read repairs it once it is back.
 */
class ThreeNodeClusterTest {
    private static final String[] IDS = {"nodeA", "nodeB", "nodeC"};
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path dataDir;

    static int[] ports = new int[3];
    static TestNode[] nodes = new TestNode[3];
    static String seeds;

    @BeforeAll
    static void startCluster() throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ServerSocket socket = new ServerSocket(0);
            sockets.add(socket);
            ports[i] = socket.getLocalPort();
        }
        for (ServerSocket socket : sockets) {
            socket.close();
        }
        seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        for (int i = 0; i < 3; i++) {
            nodes[i] = start(i);
        }
        for (int i = 0; i < 3; i++) {
            awaitReady(i);
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

    private static TestNode start(int i) {
        return TestNode.start(
                dataDir.resolve(IDS[i]),
                "--server.port=" + ports[i],
                "--ringkv.node-id=" + IDS[i],
                "--ringkv.seeds=" + seeds,
                "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                "--ringkv.cluster.request-timeout=3s",
                "--ringkv.ring.partitions=64",
                TestNode.CLUSTER_SECRET_SETTING,
                "--ringkv.storage.memtable-size=4MB",
                "--ringkv.storage.block-cache-size=1MB");
    }

    /**
     * Waits until node i is ready and every running node sees it UP by gossip at its current
     * generation (a node can be ready, with the ring from gossip or its disk, before the others have
     * heard where it is).
     */
    private static void awaitReady(int i) throws Exception {
        await("node " + IDS[i] + " ready", () -> {
            try {
                return nodes[i].get("/actuator/health/readiness").status() == 200;
            } catch (IOException e) {
                return false;
            }
        });
        // Its own state says UP from its first gossip round after it became ready.
        await("node " + IDS[i] + " sees itself up", () -> {
            try {
                return generationOf(nodes[i], IDS[i]) > 0;
            } catch (IOException e) {
                return false;
            }
        });
        long generation = generationOf(nodes[i], IDS[i]);
        for (TestNode observer : nodes) {
            if (observer != null) {
                try {
                    await("every node sees " + IDS[i] + " up", () -> {
                        try {
                            return generationOf(observer, IDS[i]) == generation;
                        } catch (IOException e) {
                            return false;
                        }
                    });
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + " at generation " + generation + "; the observer's members: "
                                    + observer.get("/v1/cluster/members").body(),
                            e);
                }
            }
        }
    }

    /** The generation at which {@code observer} sees {@code id} UP, or -1. */
    private static long generationOf(TestNode observer, String id) throws IOException {
        for (tools.jackson.databind.JsonNode m :
                observer.get("/v1/cluster/members").json().path("members")) {
            if (m.path("id").asString().equals(id)
                    && m.path("status").asString().equals("UP")) {
                return m.path("generation").asLong();
            }
        }
        return -1;
    }

    /** Polls until the condition holds; fails naming it after a minute. */
    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(50);
        }
    }

    private static TestNode a() {
        return nodes[0];
    }

    private static TestNode b() {
        return nodes[1];
    }

    private static TestNode c() {
        return nodes[2];
    }

    private static VersionedObject stored(TestNode node, String bucket, String key) {
        try {
            return node.context().getBean(ReplicaStore.class).get(bucket, key.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aValueWrittenAtOneNodeIsReadAtTheOthers() throws Exception {
        assertThat(a().put("/v1/buckets/t/keys/greeting", "text/plain", "hello").status())
                .isEqualTo(204);

        for (TestNode node : List.of(b(), c())) {
            Reply read = node.get("/v1/buckets/t/keys/greeting");
            assertThat(read.status()).as("%s", read).isEqualTo(200);
            assertThat(read.body()).isEqualTo("hello");
            assertThat(read.header("Content-Type")).startsWith("text/plain");
        }
    }

    @Test
    void concurrentBlindWritesAtTwoNodesBecomeSiblingsThatAWriteWithTheContextResolves() throws Exception {
        CompletableFuture<Reply> atA =
                CompletableFuture.supplyAsync(() -> put(a(), "/v1/buckets/t/keys/cart", "apples"));
        CompletableFuture<Reply> atB =
                CompletableFuture.supplyAsync(() -> put(b(), "/v1/buckets/t/keys/cart", "pears"));
        assertThat(atA.get().status()).isEqualTo(204);
        assertThat(atB.get().status()).isEqualTo(204);

        Reply siblings = c().get("/v1/buckets/t/keys/cart");
        assertThat(siblings.status()).as("%s", siblings).isEqualTo(300);
        List<String> values = new ArrayList<>();
        for (JsonNode sibling : siblings.json().path("siblings")) {
            values.add(sibling.path("value").asString());
        }
        assertThat(values).containsExactlyInAnyOrder("apples", "pears");

        String context = siblings.json().path("context").asString();
        assertThat(c().put("/v1/buckets/t/keys/cart", "text/plain", "apples and pears", "X-Ringkv-Context", context)
                        .status())
                .isEqualTo(204);
        for (TestNode node : nodes) {
            Reply resolved = node.get("/v1/buckets/t/keys/cart");
            assertThat(resolved.status()).as("%s", resolved).isEqualTo(200);
            assertThat(resolved.body()).isEqualTo("apples and pears");
        }
    }

    private static Reply put(TestNode node, String path, String value) {
        try {
            return node.put(path, "text/plain", value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void theRingAndPreferenceListsAreTheSameAtEveryNode() throws Exception {
        JsonNode ring = a().get("/v1/cluster/ring").json();
        assertThat(ring.path("partitions").asInt()).isEqualTo(64);
        assertThat(ring.path("owners").size()).isEqualTo(64);
        List<String> members = new ArrayList<>();
        for (JsonNode member : ring.path("members")) {
            members.add(member.path("id").asString());
            assertThat(member.path("address").asString()).startsWith("127.0.0.1:");
            assertThat(member.path("partitions").asInt()).isBetween(21, 22);
        }
        assertThat(members).containsExactly(IDS);
        JsonNode where = a().get("/v1/cluster/preference-list/t/some-key").json();
        assertThat(where.path("nodes").size()).isEqualTo(3);
        assertThat(where.path("nodes").get(0).asString())
                .isEqualTo(
                        ring.path("owners").get(where.path("partition").asInt()).asString());

        for (TestNode node : List.of(b(), c())) {
            assertThat(node.get("/v1/cluster/ring").json()).isEqualTo(ring);
            assertThat(node.get("/v1/cluster/preference-list/t/some-key").json())
                    .isEqualTo(where);
        }
    }

    @Test
    void badOrImpossibleQuorumParametersAreRefusedNamingThem() throws Exception {
        Reply word = a().get("/v1/buckets/t/keys/k?r=most");
        assertThat(word.status()).isEqualTo(400);
        assertThat(word.json().path("type").asString()).isEqualTo("urn:ringkv:problem:invalid-parameter");
        assertThat(word.json().path("detail").asString()).startsWith("r must");

        Reply tooMany = a().put("/v1/buckets/t/keys/k?w=4", "text/plain", "v");
        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(tooMany.json().path("detail").asString()).contains("w must be between 1 and the bucket's n (3)");
    }

    @Test
    void bucketPropsSetAtOneNodeReachEveryMember() throws Exception {
        Reply set = b().put("/v1/buckets/shared/props", "application/json", "{\"r\":\"one\",\"defaultTtl\":60}");
        assertThat(set.status()).as("%s", set).isEqualTo(200);

        for (TestNode node : nodes) {
            JsonNode props = node.get("/v1/buckets/shared/props").json();
            assertThat(props.path("r").asString()).isEqualTo("one");
            assertThat(props.path("defaultTtl").asLong()).isEqualTo(60);
        }
    }

    @Test
    void withANodeDownW2SucceedsW3FailsNamingItAndAReadRepairsItWhenItIsBack() throws Exception {
        c().close();
        try {
            Reply w2 = a().put("/v1/buckets/t/keys/while-down?w=2", "text/plain", "written while C was down");
            assertThat(w2.status()).as("%s", w2).isEqualTo(204);

            Reply w3 = a().put("/v1/buckets/t/keys/while-down-all?w=all", "text/plain", "v");
            assertThat(w3.status()).as("%s", w3).isEqualTo(503);
            assertThat(w3.json().path("type").asString()).isEqualTo("urn:ringkv:problem:replicas-unavailable");
            assertThat(w3.json().path("detail").asString()).contains("needed 3").contains("nodeC:");

            Reply props = a().put("/v1/buckets/while-down/props", "application/json", "{\"r\":\"all\"}");
            assertThat(props.status()).as("%s", props).isEqualTo(503);
            assertThat(props.json().path("detail").asString())
                    .contains("nodeC:")
                    .doesNotContain("nodeB:");
        } finally {
            nodes[2] = start(2);
        }
        awaitReady(2);
        assertThat(stored(c(), "t", "while-down").siblings())
                .as("C missed the write")
                .isEmpty();

        // C coordinates the read: its own replica is among the R it asks, and is repaired.
        Reply read = c().get("/v1/buckets/t/keys/while-down?r=quorum");
        assertThat(read.status()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("written while C was down");

        await("C repaired", () -> !stored(c(), "t", "while-down").siblings().isEmpty());
        VersionedObject repaired = stored(c(), "t", "while-down");
        assertThat(repaired.siblings()).hasSize(1);
        assertThat(new String(repaired.siblings().get(0).content().value(), StandardCharsets.UTF_8))
                .isEqualTo("written while C was down");
    }
}
