package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.VersionedObject;
import io.ringkv.membership.RingKeeper;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import io.ringkv.transfer.TransferReports;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes and a fourth that joins through the cluster-change routes: staged at a node that
 * is not the claimant (forwarded to it), planned, a stale commit refused, committed at the joining
 * node itself; every node then holds the moving ring, the new replicas pull their ranges and report
 * them done, and the claimant ends the transition: every key is on each of its replicas. Then the
 * fourth node leaves the same way, and refuses client requests once it has.
 */
class ClusterChangeRestTest {
    private static final String[] IDS = {"c1", "c2", "c3", "c4"};
    private static final long WAIT_SECONDS = 60;
    private static final String JSON = "application/json";

    @TempDir
    Path dataDir;

    private final List<TestNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        nodes.forEach(TestNode::close);
    }

    private TestNode start(int i, int[] ports, String seeds) {
        TestNode node = TestNode.start(
                dataDir.resolve(IDS[i]),
                "--server.port=" + ports[i],
                "--ringkv.node-id=" + IDS[i],
                "--ringkv.seeds=" + seeds,
                "--ringkv.cluster.advertised-address=127.0.0.1:" + ports[i],
                "--ringkv.cluster.gossip-interval=100ms",
                "--ringkv.cluster.request-timeout=2s",
                "--ringkv.ring.partitions=16",
                TestNode.CLUSTER_SECRET_SETTING);
        nodes.add(node);
        return node;
    }

    private static final int KEYS = 40;

    /** Whether each node holds a stable ring of {@code members} members, all the same. */
    private static boolean stableWith(int members, TestNode... nodes) {
        Ring first = null;
        for (TestNode node : nodes) {
            Ring ring = node.context().getBean(RingKeeper.class).ring();
            if (ring == null || !ring.stable() || ring.members().size() != members) {
                return false;
            }
            if (first != null && !first.equals(ring)) {
                return false;
            }
            first = ring;
        }
        return true;
    }

    /** Every key written is in the store of each of its replicas in the ring the nodes hold. */
    private static void assertEveryReplicaHoldsItsKeys(List<TestNode> nodes) throws Exception {
        Ring ring = nodes.get(0).context().getBean(RingKeeper.class).ring();
        Partitioner partitioner = nodes.get(0).context().getBean(Partitioner.class);
        for (int i = 0; i < KEYS; i++) {
            byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
            for (String replica : new PreferenceList(ring).nodes(partitioner.partitionOf("b", key), 3)) {
                TestNode node = nodes.get(List.of(IDS).indexOf(replica));
                VersionedObject held =
                        node.context().getBean(ReplicaStore.class).get("b", key);
                assertThat(held).as("k%d at %s", i, replica).isNotNull();
                assertThat(held.siblings()).as("k%d at %s", i, replica).hasSize(1);
                assertThat(new String(held.siblings().get(0).content().value(), StandardCharsets.UTF_8))
                        .isEqualTo("v" + i);
            }
        }
    }

    private static long ringVersion(TestNode node) throws Exception {
        Reply ring = node.get("/v1/cluster/ring");
        return ring.status() == 200 ? ring.json().path("version").asLong() : -1;
    }

    private static Reply post(TestNode node, String path, String body) throws Exception {
        return node.call("POST", path, JSON, body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void aFourthNodeJoinsThroughTheRestRoutes() throws Exception {
        int[] ports = FreePorts.distinct(4);
        String seeds = "127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1] + ",127.0.0.1:" + ports[2];
        TestNode c1 = start(0, ports, seeds);
        TestNode c2 = start(1, ports, seeds);
        TestNode c3 = start(2, ports, seeds);
        Await.until(
                "the three nodes hold ring version 1",
                WAIT_SECONDS,
                () -> ringVersion(c1) == 1 && ringVersion(c2) == 1 && ringVersion(c3) == 1);
        TestNode c4 = start(3, ports, seeds);
        Await.until("the fourth node learns the ring by gossip", WAIT_SECONDS, () -> ringVersion(c4) == 1);
        assertThat(c4.get("/v1/cluster/ring").json().path("members").size()).isEqualTo(3);

        for (int i = 0; i < KEYS; i++) {
            assertThat(c1.put("/v1/buckets/b/keys/k" + i, "text/plain", "v" + i).status())
                    .isEqualTo(204);
        }

        Await.until("c2 hears of c4 by gossip", WAIT_SECONDS, () -> c2.get("/v1/cluster/members")
                .body()
                .contains("\"c4\""));
        // Staged at c2, which is not the claimant (c1 is): forwarded to it.
        // (c2 finds c4 at the address gossip heard for it: 404 until it has.)
        Reply[] joined = new Reply[1];
        Await.until("c2 stages the join of c4", WAIT_SECONDS, () -> {
            joined[0] = post(c2, "/v1/admin/cluster/join", "{\"node\":\"c4\"}");
            return joined[0].status() != 404;
        });
        Reply staged = joined[0];
        assertThat(staged.status()).as(staged.body()).isEqualTo(200);
        assertThat(staged.json().path("claimant").asString()).isEqualTo("c1");
        assertThat(staged.json().path("changes").get(0).asString()).startsWith("join c4 ");

        Reply again = post(c2, "/v1/admin/cluster/join", "{\"node\":\"c4\"}");
        assertThat(again.status()).as(again.body()).isEqualTo(409);
        assertThat(again.json().path("type").asString()).isEqualTo("urn:ringkv:problem:cluster-change-refused");
        assertThat(again.json().path("detail").asString()).contains("already staged");
        assertThat(post(c3, "/v1/admin/cluster/leave", "{\"node\":\"nobody\"}").status())
                .isEqualTo(404);
        assertThat(post(c3, "/v1/admin/cluster/force-remove", "{}").status()).isEqualTo(400);

        for (int i = 0; i < 60; i++) {
            assertThat(c1.put("/v1/buckets/e/keys/k" + i, "text/plain", "v" + i).status())
                    .isBetween(200, 204);
        }
        JsonNode plan = c3.get("/v1/admin/cluster/plan").json();
        assertThat(plan.path("baseVersion").asLong()).isEqualTo(1);
        assertThat(plan.path("transfers").size()).isPositive();
        long estimatedKeys = 0;
        for (JsonNode t : plan.path("transfers")) {
            // Estimated from what each source says it holds of the range.
            assertThat(t.path("estimatedKeys").asLong()).isNotNegative();
            estimatedKeys += t.path("estimatedKeys").asLong();
        }
        assertThat(estimatedKeys).as(plan.toString()).isPositive();
        boolean c4Owns = false;
        for (JsonNode m : plan.path("members")) {
            c4Owns |=
                    m.path("id").asString().equals("c4") && m.path("partitions").asInt() > 0;
        }
        assertThat(c4Owns).as(plan.toString()).isTrue();

        Reply stale = post(c2, "/v1/admin/cluster/commit", "{\"plan\":\"0000000000000000\"}");
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().path("detail").asString()).contains("stale plan");

        // Committed at the joining node itself, which is not a member yet.
        Reply committed = post(
                c4, "/v1/admin/cluster/commit", "{\"plan\":\"" + plan.path("id").asString() + "\"}");
        assertThat(committed.status()).as(committed.body()).isEqualTo(200);
        assertThat(committed.json().path("ringVersion").asLong()).isEqualTo(2);
        Await.until(
                "every node holds ring version 2",
                WAIT_SECONDS,
                () -> ringVersion(c1) >= 2 && ringVersion(c2) >= 2 && ringVersion(c3) >= 2 && ringVersion(c4) >= 2);
        assertThat(c2.get("/v1/admin/cluster/plan").status()).isEqualTo(409);
        // Writes and reads go on while the ring moves.
        assertThat(c2.put("/v1/buckets/b/keys/k", "text/plain", "v").status()).isBetween(200, 204);
        assertThat(c3.get("/v1/buckets/b/keys/k").body()).isEqualTo("v");

        // The new replicas pull their ranges and report them done to the claimant (through
        // ClaimantCalls, the node's TransferReports); the last report ends the transition.
        assertThat(c4.context().getBean(TransferReports.class)).isInstanceOf(ClaimantCalls.class);
        Await.until("every node holds the stable ring of four", WAIT_SECONDS, () -> stableWith(4, c1, c2, c3, c4));
        assertThat(ringVersion(c1)).isGreaterThan(2);
        assertEveryReplicaHoldsItsKeys(List.of(c1, c2, c3, c4));
        assertThat(c4.get("/v1/cluster/ring").json().path("members").size()).isEqualTo(4);
        assertThat(c4.get("/v1/cluster/ring").json().path("stable").asBoolean()).isTrue();
        assertThat(c4.get("/v1/cluster/ring").json().path("transition").isNull())
                .isTrue();
        assertThat(post(c2, "/v1/admin/cluster/join", "{\"node\":\"c4\"}")
                        .json()
                        .path("detail")
                        .asString())
                .contains("already a member");

        // c4 leaves again (asked at c4, which names itself): once the stable ring no longer lists it,
        // gossip shows it LEFT and it stops; its data directory remembers that it left.
        Reply leave = post(c4, "/v1/admin/cluster/leave", "{}");
        assertThat(leave.status()).as(leave.body()).isEqualTo(200);
        assertThat(leave.json().path("changes").get(0).asString()).isEqualTo("leave c4");
        JsonNode leavePlan = c4.get("/v1/admin/cluster/plan").json();
        Reply leaveCommitted = post(
                c4,
                "/v1/admin/cluster/commit",
                "{\"plan\":\"" + leavePlan.path("id").asString() + "\"}");
        assertThat(leaveCommitted.status()).as(leaveCommitted.body()).isEqualTo(200);
        Await.until("the three others hold the stable ring without c4", WAIT_SECONDS, () -> stableWith(3, c1, c2, c3));
        assertEveryReplicaHoldsItsKeys(List.of(c1, c2, c3));
        assertThat(c1.get("/v1/cluster/ring").json().path("members").size()).isEqualTo(3);
        Await.until("gossip shows c4 LEFT", WAIT_SECONDS, () -> {
            for (JsonNode m : c1.get("/v1/cluster/members").json().path("members")) {
                if (m.path("id").asString().equals("c4")) {
                    return m.path("status").asString().equals("LEFT");
                }
            }
            return false;
        });
        Await.until("c4 stops", WAIT_SECONDS, () -> !c4.context().isActive());
        assertThat(dataDir.resolve("c4").resolve("cluster").resolve("left")).exists();
    }
}
