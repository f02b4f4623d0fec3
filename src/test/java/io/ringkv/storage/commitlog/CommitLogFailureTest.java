package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.MILLI;
import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A failed fsync or write stops the log for good: it is never retried. */
class CommitLogFailureTest {
    private static final Path DIR = Path.of("/data/commitlog");
    private final SimFileIO io = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Random random = new Random(5);

    private CommitLog start(SyncPolicy sync) throws IOException {
        return CommitLog.start(
                io, DIR, 1, 1, new CommitLogOptions(sync, MILLI, 10 * MILLI, 4096), clock, scheduler, metrics);
    }

    @Test
    void aFailedForceFailsThatAppendAndEveryLaterOneEvenAfterTheFaultClears() throws IOException {
        CommitLog log = start(SyncPolicy.ALWAYS);
        log.append(randomBatch(random, 2, 10));
        io.failForce(path -> true);

        assertThatThrownBy(() -> log.append(randomBatch(random, 2, 10)))
                .isInstanceOf(StorageFailedException.class)
                .hasMessageContaining(SegmentNames.fileName(1))
                .hasMessageContaining("simulated fsync failure");
        io.failForce(path -> false);
        assertThatThrownBy(() -> log.append(randomBatch(random, 2, 10)))
                .isInstanceOf(StorageFailedException.class)
                .hasMessageContaining("simulated fsync failure");
        assertThatThrownBy(log::roll).isInstanceOf(StorageFailedException.class);
        assertThat(metrics.count(CommitLogMetrics.FAILURES)).isEqualTo(1);
        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isEqualTo(1);
        log.close(); // closing a failed log does not force again, so it does not throw
    }

    @Test
    void aFailedPeriodicForceFailsTheNextAppend() throws IOException {
        CommitLog log = start(SyncPolicy.PERIODIC);
        log.append(randomBatch(random, 2, 10));
        io.failForce(path -> true);
        scheduler.advance(10 * MILLI);
        io.failForce(path -> false);

        assertThatThrownBy(() -> log.append(randomBatch(random, 2, 10)))
                .isInstanceOf(StorageFailedException.class)
                .hasMessageContaining("simulated fsync failure");
        assertThat(metrics.count(CommitLogMetrics.FAILURES)).isEqualTo(1);
    }

    @Test
    void aFailedWriteFailsTheLog() throws IOException {
        CommitLog log = start(SyncPolicy.NONE);
        io.crashAfter(0);

        assertThatThrownBy(() -> log.append(randomBatch(random, 2, 10))).isInstanceOf(StorageFailedException.class);
        io.crash();
        assertThatThrownBy(() -> log.append(randomBatch(random, 2, 10)))
                .isInstanceOf(StorageFailedException.class)
                .hasMessageContaining("power cut");
    }
}
