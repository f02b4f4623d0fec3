package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.MILLI;
import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Metrics;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** When each policy makes an appended record durable. */
class CommitLogSyncPolicyTest {
    private static final Path DIR = Path.of("/data/commitlog");
    private static final Path SEGMENT = SegmentNames.path(DIR, 1);
    private static final long PERIOD = 10 * MILLI;
    private static final long WINDOW = 3 * MILLI;
    private final SimFileIO io = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final Random random = new Random(3);

    private CommitLog start(SyncPolicy sync) throws IOException {
        return CommitLog.start(
                io, DIR, 1, 1, new CommitLogOptions(sync, WINDOW, PERIOD, 4096), clock, scheduler, metrics);
    }

    private long recordsAfterCrash() throws IOException {
        io.crash();
        return CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {}).records();
    }

    @Test
    void periodicWritesAtOnceButLosesTheRecordToACrashBeforeThePeriodEnds() throws IOException {
        CommitLog log = start(SyncPolicy.PERIODIC);
        log.append(randomBatch(random, 2, 10));
        scheduler.advance(PERIOD - 1);

        assertThat(io.length(SEGMENT)).isGreaterThan(SegmentHeader.SIZE);
        assertThat(recordsAfterCrash()).isZero();
    }

    @Test
    void periodicMakesTheRecordDurableOnceThePeriodPasses() throws IOException {
        CommitLog log = start(SyncPolicy.PERIODIC);
        log.append(randomBatch(random, 2, 10));
        log.append(randomBatch(random, 2, 10));
        scheduler.advance(PERIOD);

        assertThat(recordsAfterCrash()).isEqualTo(2);
        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isEqualTo(1);
        assertThat(metrics.count(CommitLogMetrics.GROUP_SIZE)).isEqualTo(2);
    }

    @Test
    void periodicStopsForcingOnceClosed() throws IOException {
        CommitLog log = start(SyncPolicy.PERIODIC);
        log.close();
        scheduler.advance(3 * PERIOD);

        assertThat(scheduler.pending()).isZero();
        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isZero();
    }

    @Test
    void batchWaitsTheWindowThenForcesBeforeReturning() throws IOException {
        CommitLog log = start(SyncPolicy.BATCH);
        long before = clock.nanos();
        log.append(randomBatch(random, 2, 10));

        assertThat(clock.nanos() - before).isEqualTo(WINDOW);
        assertThat(recordsAfterCrash()).isEqualTo(1);
    }

    @Test
    void alwaysForcesBeforeReturning() throws IOException {
        CommitLog log = start(SyncPolicy.ALWAYS);
        log.append(randomBatch(random, 2, 10));

        assertThat(clock.nanos()).isZero();
        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isEqualTo(1);
        assertThat(recordsAfterCrash()).isEqualTo(1);
    }

    @Test
    void noneNeverForcesWhileWritingButSealsSegmentsWhenRolling() throws IOException {
        CommitLog log = start(SyncPolicy.NONE);
        log.append(randomBatch(random, 2, 10));
        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isZero();
        log.roll();
        log.append(randomBatch(random, 2, 10));

        assertThat(metrics.count(CommitLogMetrics.FSYNCS)).isEqualTo(1);
        assertThat(recordsAfterCrash()).isEqualTo(1);
    }

    @Test
    void aFullSegmentIsSealedAndTheNextAppendGoesToANewOne() throws IOException {
        CommitLog log = start(SyncPolicy.NONE);
        int appends = 0;
        while (log.currentSegmentId() == 1) {
            log.append(randomBatch(random, 4, 200));
            appends++;
        }

        assertThat(io.length(SEGMENT)).isGreaterThanOrEqualTo(4096);
        // Everything in the sealed segment was forced; the record in the new one was not.
        assertThat(recordsAfterCrash()).isEqualTo(appends - 1);
    }
}
