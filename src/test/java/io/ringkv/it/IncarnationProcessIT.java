package io.ringkv.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.VersionVector;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import io.ringkv.testing.FreePorts;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node process killed with SIGKILL (sync {@code periodic}: acknowledged writes may be lost)
 * issues its dots under a new name when it comes back on the same data directory.
 */
class IncarnationProcessIT {
    @TempDir
    Path dir;

    private NodeProcess node;

    @AfterEach
    void stop() throws InterruptedException {
        if (node != null) {
            node.close();
        }
    }

    private void startAndAwaitReady() throws Exception {
        node.start();
        try {
            Await.until("node ready", 90, () -> {
                try {
                    return node.get("/actuator/health/readiness").status() == 200;
                } catch (java.io.IOException e) {
                    return false;
                }
            });
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\n" + node.logTail(), e);
        }
    }

    private String actorOfWrite(String key) throws Exception {
        Reply put = node.put("/v1/buckets/b/keys/" + key, "v");
        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        VersionVector context = ContextCodec.decode(put.header("X-Ringkv-Context"));
        assertThat(context.size()).isEqualTo(1);
        return context.entries().keySet().iterator().next();
    }

    @Test
    void aKilledNodeComesBackUnderANewIncarnation() throws Exception {
        int port = FreePorts.distinct(1)[0];
        node = new NodeProcess(
                "k0",
                port,
                dir,
                List.of(
                        "--ringkv.seeds=127.0.0.1:" + port,
                        "--ringkv.commitlog.sync=periodic",
                        "--ringkv.ring.partitions=64",
                        "--ringkv.storage.memtable-size=4MB",
                        "--ringkv.storage.block-cache-size=1MB"));
        startAndAwaitReady();
        String before = actorOfWrite("a");

        node.kill();
        startAndAwaitReady();
        String after = actorOfWrite("b");

        assertThat(before).startsWith("k0~");
        assertThat(after).startsWith("k0~").isNotEqualTo(before);
    }
}
