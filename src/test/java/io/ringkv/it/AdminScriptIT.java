package io.ringkv.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * bin/ringkv-admin itself, run as a process on the built jar against two node processes: it exits 0
 * while both are up, and once one is killed (SIGKILL) {@code status} exits 1 naming it and {@code
 * describe-key} exits 1 with that replica's error beside the other's versions; an unknown operation
 * exits 1, bad usage 2, a node nobody listens on 3.
 */
class AdminScriptIT {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    Path dir;

    private final List<NodeProcess> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (NodeProcess node : nodes) {
            node.close();
        }
    }

    record Run(int exit, String out, String err) {}

    private Run admin(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bin/ringkv-admin"));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectOutput(dir.resolve("out").toFile())
                .redirectError(dir.resolve("err").toFile());
        builder.environment().put("RINGKV_JAR", System.getProperty("ringkv.jar"));
        builder.environment()
                .put("PATH", Path.of(System.getProperty("java.home"), "bin") + ":" + System.getenv("PATH"));
        builder.environment().remove("RINGKV_NODE");
        Process process = builder.start();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(
                process.exitValue(),
                Files.readString(dir.resolve("out"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err"), StandardCharsets.UTF_8));
    }

    private static boolean sees(NodeProcess observer, String id, String status) {
        try {
            for (JsonNode m : observer.get("/v1/cluster/members").json().path("members")) {
                if (m.path("id").asString().equals(id)
                        && m.path("status").asString().equals(status)) {
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            return false;
        }
    }

    @Test
    void theScriptAnswersWithTheExitCodesScriptsUse() throws Exception {
        int[] ports = FreePorts.distinct(3);
        List<String> settings = List.of(
                "--ringkv.seeds=127.0.0.1:" + ports[0] + ",127.0.0.1:" + ports[1],
                "--ringkv.cluster.gossip-interval=200ms",
                "--ringkv.cluster.request-timeout=2s",
                "--ringkv.ring.partitions=16",
                "--ringkv.repair.enabled=false",
                "--ringkv.storage.memtable-size=4MB",
                "--ringkv.storage.block-cache-size=1MB");
        for (int i = 0; i < 2; i++) {
            NodeProcess n = new NodeProcess("a" + i, ports[i], dir, settings);
            nodes.add(n);
            n.start();
        }
        NodeProcess a0 = nodes.get(0);
        NodeProcess a1 = nodes.get(1);
        Await.until("both up", 120, () -> sees(a0, "a1", "UP") && sees(a1, "a0", "UP"));
        String node = "127.0.0.1:" + ports[0];
        assertThat(a0.put("/v1/buckets/b/keys/k", "v1").status()).isEqualTo(204);

        Run healthy = admin("status", "--node", node);
        assertThat(healthy.exit()).as(healthy.toString()).isZero();
        assertThat(healthy.out()).contains("2 UP").contains("ok");
        Run both = admin("describe-key", "b", "k", "--json", "--node", node);
        assertThat(both.exit()).as(both.toString()).isZero();
        assertThat(JSON.readTree(both.out()).path("replicas")).hasSize(2);

        a1.kill();
        Await.until("a1 down", 60, () -> sees(a0, "a1", "DOWN"));
        Run down = admin("status", "--node", node);
        assertThat(down.exit()).as(down.toString()).isEqualTo(1);
        assertThat(down.out()).contains("member a1 is DOWN");
        Run described = admin("describe-key", "b", "k", "--json", "--node", node);
        assertThat(described.exit()).as(described.toString()).isEqualTo(1);
        for (JsonNode replica : JSON.readTree(described.out()).path("replicas")) {
            if (replica.path("node").asString().equals("a1")) {
                assertThat(replica.path("status").asString()).isEqualTo("DOWN");
                assertThat(replica.path("error").asString()).isNotEmpty();
            } else {
                assertThat(replica.path("siblings").asInt()).isEqualTo(1);
            }
        }

        Run unknown = admin("operations", "repair-0", "--node", node);
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains(node).contains("operation-not-found");
        assertThat(admin("describe-key", "b").exit()).isEqualTo(2);
        Run unreachable = admin("members", "--node", "127.0.0.1:" + ports[2]);
        assertThat(unreachable.exit()).isEqualTo(3);
        assertThat(unreachable.err()).contains("127.0.0.1:" + ports[2] + ": unreachable");
    }
}
