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
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;

/** Whole-node start-up: bad settings stop it with their name, data outlives a restart. */
@ExtendWith(OutputCaptureExtension.class)
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

    // The operator reads Boot's failure analysis, which names the property and the bad value.

    @Test
    void partitionsThatAreNotAPowerOfTwoStopStartUpNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("ringkv.ring.partitions=100")).isNotNull();

        assertThat(output.getAll())
                .contains("APPLICATION FAILED TO START")
                .contains("Property: ringkv.ring.partitions")
                .contains("Value: \"100\"")
                .contains("Reason: must be a power of two");
    }

    @Test
    void aTooSmallMemtableStopsStartUpNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("ringkv.storage.memtable-size=1KB")).isNotNull();

        // nested values are reported by their bound (camel-case) name, which Boot also accepts
        assertThat(output.getAll())
                .contains("Property: ringkv.storage.memtableSize")
                .contains("Reason: must be at least 4096 bytes");
    }

    @Test
    void anUnknownSyncPolicyStopsStartUpNamingTheProperty(CapturedOutput output) {
        assertThatThrownBy(() -> start("ringkv.commitlog.sync=sometimes")).isNotNull();

        assertThat(output.getAll()).contains("Property: ringkv.commitlog.sync").contains("Value: \"sometimes\"");
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
