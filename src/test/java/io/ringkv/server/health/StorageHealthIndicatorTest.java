package io.ringkv.server.health;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

class StorageHealthIndicatorTest {
    private static final Path DIR = Path.of("/data");
    private final SimFileIO disk = new SimFileIO();
    private StorageEngine engine;

    @BeforeEach
    void open() throws IOException {
        SimClock clock = new SimClock();
        engine = StorageEngine.open(
                StorageOptions.builder(DIR).build(),
                new StorageEnvironment(disk, clock, new SimScheduler(clock), Metrics.noop()));
    }

    @AfterEach
    void close() {
        try {
            engine.close();
        } catch (IOException e) {
            // a failed engine may refuse its final flush; the test is over
        }
    }

    private Health health(long minFreeBytes) {
        return new StorageHealthIndicator(engine, disk, DIR, minFreeBytes).health(/* includeDetails= */ true);
    }

    @Test
    void upWithDetailsWhileWritableWithEnoughDisk() throws IOException {
        engine.put(new byte[] {1}, new byte[] {2});
        engine.flush();
        disk.setUsableSpace(1000);

        Health health = health(999);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("freeBytes", 1000L)
                .containsEntry("tableCount", 1)
                .containsKeys("dataDir", "tableBytes");
        assertThat((Long) health.getDetails().get("tableBytes")).isPositive();
    }

    @Test
    void downWhenUsableDiskSpaceIsBelowTheMinimum() {
        disk.setUsableSpace(1000);

        Health health = health(1001);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsEntry("freeBytes", 1000L).containsKey("reason");
    }

    @Test
    void downWithTheFailureOnceAnFsyncFailed() {
        disk.failForce(path -> true);
        assertThatThrownBy(() -> engine.put(new byte[] {1}, new byte[] {2})).isInstanceOf(IOException.class);

        Health health = health(0);

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(health.getDetails()).containsKey("failure");
    }

    @Test
    void aHintLogThatStoppedTakingHintsIsADetailThatLeavesTheStatusUp() {
        disk.setUsableSpace(1000);
        IOException failure = new IOException("hint log stopped taking hints after an I/O error");

        Health health = new StorageHealthIndicator(engine, disk, DIR, 0, () -> failure).health(true);

        assertThat(health.getStatus()).isEqualTo(Status.UP);
        assertThat(health.getDetails())
                .containsEntry("hintLog", "failed: hint log stopped taking hints after an I/O error");
        assertThat(health(0).getDetails()).containsEntry("hintLog", "taking hints");
    }
}
