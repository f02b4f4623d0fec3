package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.handoff.HintLog;
import io.ringkv.kv.VersionedObject;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import io.ringkv.testing.Scrape;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four real nodes, n=3: with one replica of a key stopped, a sloppy write at w=3 succeeds through
 * the fourth node, which keeps a hint; pw=3 or no sloppy quorum fail with 503. When the replica
 * comes back, the hint is handed to it and it holds the value in its own store.
 */
class SloppyQuorumClusterTest {
    private static final long WAIT_SECONDS = 40;

    @TempDir
    Path dataDir;

    private final int[] ports = new int[4];
    private final TestNode[] nodes = new TestNode[4];
    private String seeds;

    private TestNode start(int i) {
        return TestNode.start(
                dataDir.resolve("s" + i),
                "--server.port=" + ports[i],
                "--ringkv.node-id=s" + i,
                "--ringkv.seeds=" + seeds,
                "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                "--ringkv.cluster.gossip-interval=200ms",
                "--ringkv.cluster.request-timeout=2s",
                "--ringkv.handoff.interval=200ms",
                "--ringkv.ring.partitions=64",
                TestNode.CLUSTER_SECRET_SETTING);
    }

    private static void await(String what, Await.Check check) throws Exception {
        Await.until(what, WAIT_SECONDS, check);
    }

    /** Whether {@code observer} sees {@code count} members, all UP or SUSPECT (requests go to both). */
    private static boolean allUp(TestNode observer, int count) throws Exception {
        tools.jackson.databind.JsonNode members =
                observer.get("/v1/cluster/members").json().path("members");
        if (members.size() != count) {
            return false;
        }
        for (tools.jackson.databind.JsonNode m : members) {
            String status = m.path("status").asString();
            if (!status.equals("UP") && !status.equals("SUSPECT")) {
                return false;
            }
        }
        return true;
    }

    private static int index(String id) {
        return Integer.parseInt(id.substring(1));
    }

    @Test
    void aSloppyWriteSurvivesADownReplicaAndIsHandedToItWhenItReturns() throws Exception {
        System.arraycopy(FreePorts.distinct(4), 0, ports, 0, 4);
        List<String> addresses = new ArrayList<>();
        for (int port : ports) {
            addresses.add("127.0.0.1:" + port);
        }
        seeds = String.join(",", addresses);
        try {
            for (int i = 0; i < 4; i++) {
                nodes[i] = start(i);
            }
            for (int i = 0; i < 4; i++) {
                TestNode node = nodes[i];
                await(
                        "node " + i + " is ready",
                        () -> node.get("/actuator/health/readiness").status() == 200);
            }
            for (TestNode node : nodes) {
                // A node says it is DOWN by gossip until it is ready; the others must have heard since.
                try {
                    await("every node may send requests to the other three", () -> allUp(node, 4));
                } catch (AssertionError e) {
                    throw new AssertionError(
                            e.getMessage() + " "
                                    + node.get("/v1/cluster/members").body(),
                            e);
                }
            }
            List<String> replicas = new ArrayList<>();
            nodes[0].get("/v1/cluster/preference-list/b/k")
                    .json()
                    .path("nodes")
                    .forEach(n -> replicas.add(n.asString()));
            assertThat(replicas).hasSize(3);
            int stopped = index(replicas.get(2));
            int coordinator = index(replicas.get(0));
            int fallback = 0;
            while (replicas.contains("s" + fallback)) {
                fallback++;
            }

            nodes[stopped].close();
            nodes[stopped] = null;
            TestNode c = nodes[coordinator];

            Reply strict = c.put("/v1/buckets/b/keys/k?w=3&sloppy=false", "text/plain", "v0");
            assertThat(strict.status()).as(strict.toString()).isEqualTo(503);
            assertThat(strict.json().path("detail").asString()).contains("s" + stopped);
            Reply primaries = c.put("/v1/buckets/b/keys/k?w=3&pw=3&sloppy=true", "text/plain", "v0");
            assertThat(primaries.status()).as(primaries.toString()).isEqualTo(503);
            Reply sloppy = c.put("/v1/buckets/b/keys/k?w=3&sloppy=true", "text/plain", "hinted");
            if (sloppy.status() != 204) {
                throw new AssertionError("sloppy write: " + sloppy + "\nthe coordinator's members: "
                        + c.get("/v1/cluster/members").body() + "\nthe fallback's: "
                        + nodes[fallback].get("/v1/cluster/members").body());
            }
            HintLog hints = nodes[fallback].context().getBean(HintLog.class);
            assertThat(hints.targets()).contains("s" + stopped);

            nodes[stopped] = start(stopped);
            ReplicaStore back = nodes[stopped].context().getBean(ReplicaStore.class);
            await("the hint reaches the returning replica", () -> {
                VersionedObject o = back.get("b", "k".getBytes(StandardCharsets.UTF_8));
                return o.siblings().stream()
                        .anyMatch(s -> new String(s.content().value(), StandardCharsets.UTF_8).equals("hinted"));
            });
            await("the fallback's hints are gone", () -> hints.targets().isEmpty());
            String metrics = nodes[fallback].get("/actuator/prometheus").body();
            double stored = Scrape.value(metrics, "ringkv_hints_stored_total");
            double replayed = Scrape.value(metrics, "ringkv_hints_replayed_total");
            assertThat(stored).isPositive();
            assertThat(replayed).isEqualTo(stored);
            System.out.printf("sloppy quorum on 4 real nodes: hints stored %.0f, replayed %.0f%n", stored, replayed);

            // The returned replica serves the key from its own copy: the other two replicas are stopped.
            for (int other : new int[] {index(replicas.get(0)), index(replicas.get(1))}) {
                nodes[other].close();
                nodes[other] = null;
            }
            Reply own = nodes[stopped].get("/v1/buckets/b/keys/k?r=1");
            // The refused strict writes left "v0" at the replicas that took them, concurrent with the
            // blind sloppy write: the key has siblings, and the hint carried them all.
            assertThat(own.status()).as(own.toString()).isIn(200, 300);
            assertThat(own.body()).contains("hinted");
        } finally {
            for (TestNode node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
