package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import io.ringkv.testing.Scrape;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes: every member reports by gossip the ring version it holds; each keeps the ring
 * in its data directory, so a node restarted while another member is down serves at once with the
 * same ring instead of waiting for that seed; a stored ring that does not fit the settings stops
 * the node with a message saying so.
 */
class RingGossipClusterTest {
    private static final String[] IDS = {"r1", "r2", "r3"};
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dataDir;

    private final int[] ports = new int[3];
    private final TestNode[] nodes = new TestNode[3];

    /** Node i with all three as seeds. */
    private TestNode start(int i) {
        return startWithSeeds(i, "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2]);
    }

    private TestNode startWithSeeds(int i, String seeds) {
        String[] settings = {
            "--server.port=" + ports[i],
            "--ringkv.node-id=" + IDS[i],
            "--ringkv.seeds=" + seeds,
            "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
            "--ringkv.cluster.gossip-interval=100ms",
            "--ringkv.cluster.request-timeout=2s",
            "--ringkv.ring.partitions=64",
            TestNode.CLUSTER_SECRET_SETTING
        };
        return TestNode.start(dataDir.resolve(IDS[i]), settings);
    }

    @BeforeEach
    void choosePorts() throws Exception {
        System.arraycopy(FreePorts.distinct(3), 0, ports, 0, 3);
    }

    @AfterEach
    void stopNodes() {
        for (TestNode node : nodes) {
            if (node != null) {
                node.close();
            }
        }
    }

    private static void await(String what, Await.Check check) throws Exception {
        Await.until(what, WAIT_SECONDS, check);
    }

    private static boolean allReportRingVersion(TestNode observer, int members, long version) throws Exception {
        JsonNode list = observer.get("/v1/cluster/members").json().path("members");
        if (list.size() != members) {
            return false;
        }
        for (JsonNode m : list) {
            if (m.path("ringVersion").asLong() != version) {
                return false;
            }
        }
        return true;
    }

    /** The node's count of conflicting rings refused, from its Prometheus scrape. */
    private static double ringConflicts(TestNode node) throws Exception {
        return Scrape.value(
                node.get("/actuator/prometheus").body(), "ringkv_gossip_rejected_total", "reason=\"ring-conflict\"");
    }

    @Test
    void aRestartedNodeServesWithItsStoredRingWhileASeedIsDown() throws Exception {
        for (int i = 0; i < 3; i++) {
            nodes[i] = start(i);
        }
        for (TestNode node : nodes) {
            await("ready", () -> node.get("/actuator/health/readiness").status() == 200);
            await("every member reports ring version 1", () -> allReportRingVersion(node, 3, 1));
        }
        JsonNode ringBefore = nodes[1].get("/v1/cluster/ring").json();
        assertThat(Files.exists(dataDir.resolve("r2").resolve("cluster").resolve("ring")))
                .isTrue();
        Reply written = nodes[0].put("/v1/buckets/b/keys/k?w=3", "text/plain", "before");
        assertThat(written.status()).as(written.toString()).isEqualTo(204);

        nodes[2].close();
        nodes[2] = null;
        nodes[1].close();
        nodes[1] = null;

        // r3 stays down: r2 used to wait for it as a seed; now it serves with the ring it kept.
        nodes[1] = start(1);
        TestNode back = nodes[1];
        await("r2 is ready again", () -> back.get("/actuator/health/readiness").status() == 200);
        JsonNode ringAfter = back.get("/v1/cluster/ring").json();
        assertThat(ringAfter.path("version").asLong()).isEqualTo(1);
        assertThat(ringAfter.path("owners")).isEqualTo(ringBefore.path("owners"));
        assertThat(ringAfter.path("members").size()).isEqualTo(3);
        assertThat(back.get("/v1/cluster/members")
                        .json()
                        .path("seedsNotReached")
                        .toString())
                .contains(String.valueOf(ports[2]));
        Reply read = back.get("/v1/buckets/b/keys/k?r=2");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("before");
        Reply write = back.put("/v1/buckets/b/keys/k2?w=2&sloppy=false", "text/plain", "after");
        assertThat(write.status()).as(write.toString()).isEqualTo(204);
        await("r1 and r2 report ring version 1", () -> allReportRingVersion(nodes[0], 3, 1));
    }

    @Test
    void aNewNodeWhoseSeedIsARunningMemberTakesTheClustersRingByGossip() throws Exception {
        String pair = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1];
        for (int i = 0; i < 2; i++) {
            nodes[i] = startWithSeeds(i, pair);
        }
        for (int i = 0; i < 2; i++) {
            TestNode node = nodes[i];
            await("ready", () -> node.get("/actuator/health/readiness").status() == 200);
        }
        JsonNode clusterRing = nodes[0].get("/v1/cluster/ring").json();

        // Its one seed holds a ring: the newcomer must take that ring, not compute one of its own.
        nodes[2] = startWithSeeds(2, "127.0.0.1:" + ports[0]);
        TestNode newcomer = nodes[2];
        await(
                "the newcomer is ready",
                () -> newcomer.get("/actuator/health/readiness").status() == 200);
        JsonNode ring = newcomer.get("/v1/cluster/ring").json();
        assertThat(ring.path("version").asLong()).isEqualTo(1);
        assertThat(ring.path("owners")).isEqualTo(clusterRing.path("owners"));
        assertThat(ring.path("members").toString()).contains("r1", "r2").doesNotContain("r3");
        await("the members hear of the newcomer", () -> allReportRingVersion(nodes[1], 3, 1));
        for (TestNode node : nodes) {
            assertThat(ringConflicts(node)).isZero();
        }

        // It coordinates for the ring's members.
        Reply written = newcomer.put("/v1/buckets/b/keys/via-newcomer?w=2", "text/plain", "hello");
        assertThat(written.status()).as(written.toString()).isEqualTo(204);
        Reply read = nodes[1].get("/v1/buckets/b/keys/via-newcomer?r=2");
        assertThat(read.body()).isEqualTo("hello");
    }

    @Test
    void aStoredRingOfOtherPartitionsStopsTheNodeWithAMessageNamingThem() throws Exception {
        Path dir = dataDir.resolve("alone");
        TestNode.start(dir, "--ringkv.node-id=alone", "--ringkv.ring.partitions=64")
                .close();
        assertThat(Files.exists(dir.resolve("cluster").resolve("ring"))).isTrue();
        assertThatThrownBy(() -> TestNode.start(dir, "--ringkv.node-id=alone", "--ringkv.ring.partitions=128"))
                .rootCause()
                .hasMessageContaining("64 partitions")
                .hasMessageContaining("ringkv.ring.partitions is 128");
    }
}
