package io.ringkv.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Four node processes from the built jar, n=3, every stop a SIGKILL. With one replica of a key
 * killed, a sloppy write at w=3 succeeds through the fourth node and pw=3 is refused; the fallback
 * holding the hint is itself killed and restarted, and still hands the hint over once the replica
 * is back; with the two other replicas killed, the returned one answers r=1 from its own copy.
 */
class SloppyQuorumProcessIT {
    private static final long WAIT_SECONDS = 90;

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    private NodeProcess node(String id) {
        return nodes.stream().filter(n -> n.id().equals(id)).findFirst().orElseThrow();
    }

    private void await(String what, Await.Check check) throws Exception {
        try {
            Await.until(what, WAIT_SECONDS, check);
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (NodeProcess n : nodes) {
                logs.append("\n--- ").append(n.id()).append(" ---\n").append(n.logTail());
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    private static boolean ready(NodeProcess n) {
        try {
            return n.get("/actuator/health/readiness").status() == 200;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Whether {@code observer} sees each of {@code ids} with status {@code status}. */
    private static boolean sees(NodeProcess observer, List<String> ids, String status) {
        try {
            JsonNode members = observer.get("/v1/cluster/members").json().path("members");
            int matching = 0;
            for (JsonNode m : members) {
                if (ids.contains(m.path("id").asString())
                        && m.path("status").asString().equals(status)) {
                    matching++;
                }
            }
            return matching == ids.size();
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aSloppyWriteOutlivesAKilledReplicaAndAKilledFallback() throws Exception {
        List<Integer> ports = new ArrayList<>();
        for (int port : FreePorts.distinct(4)) {
            ports.add(port);
        }
        List<String> seeds = new ArrayList<>();
        ports.forEach(p -> seeds.add("127.0.0.1:" + p));
        List<String> settings = List.of(
                "--ringkv.seeds=" + String.join(",", seeds),
                "--ringkv.cluster.gossip-interval=200ms",
                "--ringkv.cluster.request-timeout=2s",
                "--ringkv.handoff.interval=200ms",
                "--ringkv.ring.partitions=64",
                "--ringkv.storage.memtable-size=4MB",
                "--ringkv.storage.block-cache-size=1MB");
        List<String> ids = List.of("p0", "p1", "p2", "p3");
        for (int i = 0; i < 4; i++) {
            NodeProcess n = new NodeProcess(ids.get(i), ports.get(i), dir, settings);
            nodes.add(n);
            n.start();
        }
        for (NodeProcess n : nodes) {
            await(n.id() + " is ready", () -> ready(n));
        }
        for (NodeProcess n : nodes) {
            await(n.id() + " sees all four UP", () -> sees(n, ids, "UP"));
        }

        List<String> replicas = new ArrayList<>();
        nodes.get(0)
                .get("/v1/cluster/preference-list/b/k")
                .json()
                .path("nodes")
                .forEach(n -> replicas.add(n.asString()));
        assertThat(replicas).hasSize(3);
        NodeProcess coordinator = node(replicas.get(0));
        NodeProcess killed = node(replicas.get(2));
        NodeProcess fallback = nodes.stream()
                .filter(n -> !replicas.contains(n.id()))
                .findFirst()
                .orElseThrow();

        killed.kill();
        Reply strict = coordinator.put("/v1/buckets/b/keys/k?w=3&sloppy=false", "v0");
        assertThat(strict.status()).as(strict.toString()).isEqualTo(503);
        assertThat(strict.json().path("detail").asString()).contains(killed.id());
        Reply primaries = coordinator.put("/v1/buckets/b/keys/k?w=3&pw=3&sloppy=true", "v0");
        assertThat(primaries.status()).as(primaries.toString()).isEqualTo(503);
        Reply sloppy = coordinator.put("/v1/buckets/b/keys/k?w=3&sloppy=true", "hinted");
        assertThat(sloppy.status()).as(sloppy.toString()).isEqualTo(204);
        double stored = fallback.metric("ringkv_hints_stored_total");
        assertThat(stored).isPositive();
        assertThat(fallback.metric("ringkv_hints_pending_bytes")).isPositive();

        // The fallback crashes with the hint on its disk, and comes back before the replica does.
        fallback.kill();
        fallback.start();
        await(fallback.id() + " is ready again", () -> ready(fallback));
        assertThat(fallback.metric("ringkv_hints_pending_bytes")).isPositive();

        killed.start();
        await(killed.id() + " is ready again", () -> ready(killed));
        await("the hints are handed over", () -> fallback.metric("ringkv_hints_pending_bytes") == 0);
        double replayed = fallback.metric("ringkv_hints_replayed_total");
        System.out.printf(
                "sloppy quorum on 4 node processes: hints stored %.0f (before the fallback was killed),"
                        + " replayed %.0f (after its restart)%n",
                stored, replayed);
        assertThat(replayed).isEqualTo(stored);

        node(replicas.get(0)).kill();
        node(replicas.get(1)).kill();
        Reply own = killed.get("/v1/buckets/b/keys/k?r=1");
        assertThat(own.status()).as(own.toString()).isIn(200, 300);
        assertThat(own.body()).contains("hinted");
    }
}
