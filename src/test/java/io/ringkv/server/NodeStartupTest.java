package io.ringkv.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.StorageEngine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole-node start-up: bad settings stop it with their name, data outlives a restart. */
@ExtendWith(OutputCaptureExtension.class)
class NodeStartupTest {
    @TempDir
    Path dataDir;

    private ConfigurableApplicationContext start(String... properties) {
        return new SpringApplicationBuilder(RingkvApplication.class)
                .properties("server.port=0", "ringkv.data-dir=" + dataDir)
                .properties(properties)
                .run();
    }

    private static String causes(Throwable t) {
        StringBuilder all = new StringBuilder();
        for (Throwable c = t; c != null; c = c.getCause()) {
            all.append(c.getMessage()).append('\n');
        }
        return all.toString();
    }

    @Test
    void partitionsThatAreNotAPowerOfTwoStopStartUpNamingTheProperty() {
        assertThatThrownBy(() -> start("ringkv.ring.partitions=100"))
                .satisfies(e ->
                        assertThat(causes(e)).contains("ringkv.ring.partitions").contains("must be a power of two"));
    }

    @Test
    void aTooSmallMemtableStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> start("ringkv.storage.memtable-size=1KB")).satisfies(e -> assertThat(causes(e))
                .contains("ringkv.storage.memtable-size")
                .contains("must be at least 4096 bytes"));
    }

    @Test
    void anUnknownSyncPolicyStopsStartUpNamingTheProperty() {
        assertThatThrownBy(() -> start("ringkv.commitlog.sync=sometimes"))
                .satisfies(e -> assertThat(causes(e)).contains("ringkv.commitlog.sync"));
    }

    @Test
    void dataWrittenBeforeAShutdownIsReadAfterARestart() throws Exception {
        byte[] key = "k1".getBytes(StandardCharsets.UTF_8);
        try (ConfigurableApplicationContext first = start()) {
            first.getBean(StorageEngine.class).put(key, "v1".getBytes(StandardCharsets.UTF_8));
            first.getBean(StorageEngine.class).delete("gone".getBytes(StandardCharsets.UTF_8));
        }
        try (ConfigurableApplicationContext second = start()) {
            StorageEngine engine = second.getBean(StorageEngine.class);

            assertThat(engine.get(key)).asString(StandardCharsets.UTF_8).isEqualTo("v1");
            assertThat(engine.get("gone".getBytes(StandardCharsets.UTF_8))).isNull();
            // close() flushed the memtable, so the restart found the write in a table
            assertThat(engine.tableCount()).isGreaterThanOrEqualTo(1);
        }
    }
}
