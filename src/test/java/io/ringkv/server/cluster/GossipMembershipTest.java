package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes gossip (fast: every 100 ms): each sees the others UP with their address, health
 * and partitions; a node stopped is seen DOWN by the others; gossip from another cluster changes
 * nothing.
 */
class GossipMembershipTest {
    private static final String[] IDS = {"g1", "g2", "g3"};
    private static final long WAIT_SECONDS = 30;

    @TempDir
    Path dataDir;

    private static Map<String, JsonNode> members(TestNode node) throws Exception {
        Map<String, JsonNode> byId = new HashMap<>();
        for (JsonNode m : node.get("/v1/cluster/members").json().path("members")) {
            byId.put(m.path("id").asString(), m);
        }
        return byId;
    }

    private static boolean sees(TestNode node, String id, String status) throws Exception {
        JsonNode m = members(node).get(id);
        return m != null && m.path("status").asString().equals(status);
    }

    private static void await(String what, Await.Check check) throws Exception {
        Await.until(what, WAIT_SECONDS, check);
    }

    @Test
    void membersSeeEachOtherUpAndAStoppedNodeDown() throws Exception {
        int[] ports = FreePorts.distinct(3);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        TestNode[] nodes = new TestNode[3];
        try {
            for (int i = 0; i < 3; i++) {
                nodes[i] = TestNode.start(
                        dataDir.resolve(IDS[i]),
                        "--server.port=" + ports[i],
                        "--ringkv.node-id=" + IDS[i],
                        "--ringkv.seeds=" + seeds,
                        "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                        "--ringkv.cluster.gossip-interval=100ms",
                        "--ringkv.ring.partitions=64",
                        TestNode.CLUSTER_SECRET_SETTING);
            }
            for (TestNode node : nodes) {
                await(
                        "the node knows the ring",
                        () -> node.get("/actuator/health/readiness").status() == 200);
                for (String id : IDS) {
                    await(id + " is UP everywhere", () -> sees(node, id, "UP"));
                }
            }
            for (TestNode node : nodes) {
                // The ring may come by gossip before every seed has answered; their answers follow.
                await("every seed has answered", () -> node.get("/v1/cluster/members")
                        .json()
                        .path("seedsNotReached")
                        .isEmpty());
            }
            JsonNode g2 = members(nodes[0]).get("g2");
            assertThat(g2.path("address").asString()).isEqualTo("127.0.0.1:" + ports[1]);
            assertThat(g2.path("health").asString()).isEqualTo("UP");
            assertThat(g2.path("partitions").asInt()).isBetween(21, 22);
            assertThat(g2.path("heartbeat").asLong()).isPositive();

            nodes[2].close();
            nodes[2] = null;

            await("g1 sees g3 DOWN", () -> sees(nodes[0], "g3", "DOWN"));
            await("g2 sees g3 DOWN", () -> sees(nodes[1], "g3", "DOWN"));
            assertThat(sees(nodes[0], "g2", "UP")).isTrue();
            JsonNode health =
                    nodes[0].get("/actuator/health").json().path("components").path("cluster");
            assertThat(health.path("status").asString()).isEqualTo("UP");
            assertThat(health.path("details").path("down").toString()).contains("g3");
            assertThat(nodes[0].get("/v1/cluster/members")
                            .json()
                            .path("seedsNotReached")
                            .isEmpty())
                    .isTrue();
        } finally {
            for (TestNode node : nodes) {
                if (node != null) {
                    node.close();
                }
            }
        }
    }
}
