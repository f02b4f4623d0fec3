package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Three real nodes and a fourth that joins through the cluster-change routes: staged at a node that
 * is not the claimant (forwarded to it), planned, a stale commit refused, committed at the joining
 * node itself; every node then holds the moving ring, and once each transfer is reported done to
 * the claimant, the stable ring with four members.
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

        Await.until("c2 hears of c4 by gossip", WAIT_SECONDS, () -> c2.get("/v1/cluster/members")
                .body()
                .contains("\"c4\""));
        // Staged at c2, which is not the claimant (c1 is): forwarded to it.
        Reply staged = post(c2, "/v1/admin/cluster/join", "{\"node\":\"c4\"}");
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

        // Each receiver reports its transfers done to the claimant (signed internal calls).
        for (JsonNode t : plan.path("transfers")) {
            String report = "{\"op\":\"transfer-done\",\"startVersion\":2,\"range\":"
                    + t.path("range").asInt()
                    + ",\"from\":"
                    + (t.path("from").isNull() ? "null" : "\"" + t.path("from").asString() + "\"")
                    + ",\"to\":\"" + t.path("to").asString() + "\"}";
            Reply reply = TestNode.execute(TestNode.signed(new Request.Builder()
                    // signed for the address the node advertises, as its peers call it
                    .url(c1.url(ClaimantCalls.PATH).replace("localhost", "127.0.0.1"))
                    .post(RequestBody.create(report, MediaType.get(JSON)))
                    .build()));
            assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        }
        long stable = 2 + plan.path("transfers").size() + 1;
        assertThat(ringVersion(c1)).isEqualTo(stable);
        Await.until(
                "every node holds the stable ring",
                WAIT_SECONDS,
                () -> ringVersion(c1) == stable
                        && ringVersion(c2) == stable
                        && ringVersion(c3) == stable
                        && ringVersion(c4) == stable);
        assertThat(c4.get("/v1/cluster/ring").json().path("members").size()).isEqualTo(4);
        assertThat(post(c2, "/v1/admin/cluster/join", "{\"node\":\"c4\"}")
                        .json()
                        .path("detail")
                        .asString())
                .contains("already a member");
    }
}
