package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.replica.ReplicaStore;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Four real nodes with n = 2, so each holds about half the keys: a listing at any node names every
 * live key exactly once across its pages, and still does with one node stopped.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterKeyListingTest {
    private static final int NODES = 4;
    private static final int KEYS = 240;
    private static final long WAIT_NANOS = TimeUnit.SECONDS.toNanos(60);

    @TempDir
    static Path dataDir;

    static int[] ports = new int[NODES];
    static TestNode[] nodes = new TestNode[NODES];
    static final Set<String> live = new TreeSet<>();

    @BeforeAll
    static void startClusterAndWrite() throws Exception {
        List<ServerSocket> sockets = new ArrayList<>();
        for (int i = 0; i < NODES; i++) {
            ServerSocket socket = new ServerSocket(0);
            sockets.add(socket);
            ports[i] = socket.getLocalPort();
        }
        for (ServerSocket socket : sockets) {
            socket.close();
        }
        List<String> seeds = new ArrayList<>();
        for (int port : ports) {
            seeds.add("127.0.0.1:" + port);
        }
        for (int i = 0; i < NODES; i++) {
            nodes[i] = TestNode.start(
                    dataDir.resolve("node" + i),
                    "--server.port=" + ports[i],
                    "--ringkv.node-id=node" + i,
                    "--ringkv.seeds=" + String.join(",", seeds),
                    "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                    "--ringkv.cluster.request-timeout=3s",
                    "--ringkv.ring.partitions=64",
                    "--ringkv.bucket-defaults.n=2",
                    TestNode.CLUSTER_SECRET_SETTING,
                    "--ringkv.storage.memtable-size=4MB",
                    "--ringkv.storage.block-cache-size=1MB");
        }
        for (TestNode node : nodes) {
            await("every node sees all " + NODES + " members up", () -> upMembers(node) == NODES);
        }
        for (int i = 0; i < KEYS; i++) {
            String key = i % 7 == 0 ? "dir/key " + i : "key-" + i;
            Reply put = nodes[i % NODES].put(path(key), "text/plain", "v" + i);
            assertThat(put.status()).as("%s", put).isEqualTo(204);
            live.add(key);
        }
        for (int i = 0; i < KEYS; i += 10) {
            String key = "key-" + i;
            if (live.remove(key)) {
                assertThat(nodes[1].delete(path(key)).status()).isEqualTo(204);
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

    private static String path(String key) {
        return "/v1/buckets/spread/keys/"
                + URLEncoder.encode(key, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static int upMembers(TestNode node) {
        try {
            int up = 0;
            for (JsonNode m : node.get("/v1/cluster/members").json().path("members")) {
                if (m.path("status").asString().equals("UP")) {
                    up++;
                }
            }
            return up;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT_NANOS;
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime() - deadline).as("waiting for " + what).isNegative();
            Thread.sleep(50);
        }
    }

    /** Every key of every page of a listing at {@code node}, in order, following the cursors. */
    private static List<String> listAll(TestNode node, int limit) throws IOException {
        List<String> keys = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            Reply page =
                    node.get("/v1/buckets/spread/keys?limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor));
            assertThat(page.status()).as("%s", page).isEqualTo(200);
            JsonNode json = page.json();
            assertThat(json.path("keys").size()).isLessThanOrEqualTo(limit);
            json.path("keys").forEach(k -> keys.add(k.asString()));
            cursor = json.path("cursor").isMissingNode() || json.path("cursor").isNull()
                    ? null
                    : json.path("cursor").asString();
            assertThat(++pages).as("the listing ends").isLessThan(1000);
        } while (cursor != null);
        return keys;
    }

    @Test
    @Order(1)
    void noNodeStoresEveryKey() throws Exception {
        for (TestNode node : nodes) {
            int local = node.context()
                    .getBean(ReplicaStore.class)
                    .listKeys("spread", null, 10_000)
                    .keys()
                    .size();
            assertThat(local).isLessThan(live.size());
        }
    }

    @Test
    @Order(2)
    void everyNodeListsEveryLiveKeyExactlyOnce() throws IOException {
        for (TestNode node : nodes) {
            for (int limit : new int[] {13, 1000}) {
                assertThat(listAll(node, limit))
                        .as("listing at %s, %d a page", node.url(""), limit)
                        .containsExactlyInAnyOrderElementsOf(live);
            }
        }
    }

    @Test
    @Order(3)
    void withOneNodeStoppedEveryKeyIsStillListedOnce() throws IOException {
        nodes[3].close();
        nodes[3] = null;

        for (int i = 0; i < 3; i++) {
            assertThat(listAll(nodes[i], 17))
                    .as("listing at node%d with node3 stopped", i)
                    .containsExactlyInAnyOrderElementsOf(live);
        }
    }
}
