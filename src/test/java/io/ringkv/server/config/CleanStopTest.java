package io.ringkv.server.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.replica.NodeIncarnation;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A stop counts as clean only when the storage engine closed without having failed. */
class CleanStopTest {
    private static final Path DATA = Path.of("/data");
    private static final Path NODE = DATA.resolve("node");

    private final SimFileIO disk = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SplittableRandom random = new SplittableRandom(3);

    private CleanStop start() throws IOException {
        StorageEngine engine = StorageEngine.open(
                StorageOptions.builder(DATA).syncPolicy(SyncPolicy.ALWAYS).build(),
                new StorageEnvironment(disk, clock, new SimScheduler(clock), new RecordingMetrics()));
        return new CleanStop(engine, NodeIncarnation.start(disk, NODE, "n1", random));
    }

    @Test
    void aStopAfterTheEngineClosedKeepsTheIncarnation() throws IOException {
        CleanStop first = start();
        first.close();

        CleanStop second = start();

        assertThat(second.incarnation().renewed()).isFalse();
        assertThat(second.incarnation().actor()).isEqualTo(first.incarnation().actor());
    }

    @Test
    void aStopAfterAFailedSyncStartsANewIncarnation() throws IOException {
        CleanStop first = start();
        StorageEngine engine = first.engine();
        disk.failForce(path -> true);
        assertThatThrownBy(() -> engine.put(new byte[] {1}, new byte[] {2})).isInstanceOf(IOException.class);
        assertThat(engine.failure()).isNotNull();
        disk.failForce(path -> false);
        first.close(); // the files close without an error; the engine's failure is what counts

        CleanStop second = start();

        assertThat(second.incarnation().renewed()).isTrue();
        assertThat(second.incarnation().actor())
                .isNotEqualTo(first.incarnation().actor());
    }
}
