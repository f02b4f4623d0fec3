package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.describe;
import static io.ringkv.storage.commitlog.LogFixtures.options;
import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static io.ringkv.storage.commitlog.LogFixtures.sequenced;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.port.Metrics;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CommitLogRoundTripTest {
    private static final Path DIR = Path.of("/data/commitlog");
    private final SimFileIO io = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();

    private CommitLog start(long segmentId, long nextSequence) throws IOException {
        return CommitLog.start(
                io, DIR, segmentId, nextSequence, options(SyncPolicy.ALWAYS, 4096), clock, scheduler, metrics);
    }

    @Test
    void batchesReplayWholeAndInOrderWithTheirSequencesAcrossSegments() throws IOException {
        long seed = System.nanoTime();
        Random random = new Random(seed);
        List<List<Entry>> expected = new ArrayList<>();
        CommitLog log = start(1, 1);
        long next = 1;
        for (int i = 0; i < 300; i++) {
            List<Entry> batch = randomBatch(random, 8, 100);
            long first = log.append(batch);
            assertThat(first).as("seed %d", seed).isEqualTo(next);
            next += batch.size();
            expected.add(sequenced(batch, first));
        }
        log.close();
        assertThat(log.currentSegmentId()).as("seed %d", seed).isGreaterThan(3);

        LogFixtures.Collected replayed = new LogFixtures.Collected();
        ReplayResult result = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), replayed);

        assertThat(describe(replayed.records)).as("seed %d", seed).isEqualTo(describe(expected));
        assertThat(replayed.segments)
                .as("seed %d", seed)
                .isSorted()
                .startsWith(1L)
                .endsWith(log.currentSegmentId());
        assertThat(result)
                .isEqualTo(new ReplayResult(next - 1, log.currentSegmentId(), 300, 0, 0))
                .extracting(ReplayResult::lastSequence)
                .isEqualTo(log.lastSequence());
        assertThat(metrics.count(CommitLogMetrics.RECORDS)).isEqualTo(300);
    }

    @Test
    void replayOfAnEmptyDirectoryReportsNothing() throws IOException {
        LogFixtures.Collected replayed = new LogFixtures.Collected();

        ReplayResult result = CommitLog.replay(io, DIR, 7, false, Metrics.noop(), replayed);

        assertThat(result).isEqualTo(new ReplayResult(0, 6, 0, 0, 0));
        assertThat(replayed.records).isEmpty();
    }

    @Test
    void aRestartedLogContinuesAfterTheReplayedOne() throws IOException {
        Random random = new Random(7);
        CommitLog first = start(1, 1);
        first.append(randomBatch(random, 3, 10));
        first.append(randomBatch(random, 3, 10));
        first.close();
        ReplayResult before = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {});

        CommitLog second = start(before.lastSegmentId() + 1, before.lastSequence() + 1);
        long firstOfSecond = second.append(randomBatch(random, 3, 10));
        second.close();

        assertThat(firstOfSecond).isEqualTo(before.lastSequence() + 1);
        ReplayResult after = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {});
        assertThat(after.records()).isEqualTo(3);
        assertThat(after.lastSegmentId()).isEqualTo(2);
    }

    @Test
    void rollStartsTheNextSegmentAndOldSegmentsCanBeDeleted() throws IOException {
        Random random = new Random(11);
        CommitLog log = start(1, 1);
        log.append(randomBatch(random, 3, 10));
        long second = log.roll();
        long sequenceInSecond = log.append(randomBatch(random, 3, 10));
        log.deleteSegmentsBefore(second);
        log.close();

        LogFixtures.Collected replayed = new LogFixtures.Collected();
        ReplayResult result = CommitLog.replay(io, DIR, 0, false, Metrics.noop(), replayed);

        assertThat(second).isEqualTo(2);
        assertThat(io.list(DIR)).containsExactly(SegmentNames.fileName(2));
        assertThat(replayed.segments).containsExactly(2L);
        assertThat(replayed.records.get(0).get(0).sequence()).isEqualTo(sequenceInSecond);
        assertThat(result.lastSegmentId()).isEqualTo(2);
    }

    @Test
    void replayStartsAtTheRequestedSegment() throws IOException {
        Random random = new Random(13);
        CommitLog log = start(1, 1);
        log.append(randomBatch(random, 1, 10));
        log.roll();
        long later = log.append(randomBatch(random, 1, 10));
        log.close();

        LogFixtures.Collected replayed = new LogFixtures.Collected();
        CommitLog.replay(io, DIR, 2, false, Metrics.noop(), replayed);

        assertThat(replayed.records).hasSize(1);
        assertThat(replayed.records.get(0).get(0).sequence()).isEqualTo(later);
    }

    @Test
    void startRefusesASegmentThatExistsOrIsOlderThanOneOnDisk() throws IOException {
        start(3, 1).close();

        assertThatThrownBy(() -> start(3, 1)).isInstanceOf(IOException.class).hasMessageContaining("3");
        assertThatThrownBy(() -> start(2, 1)).isInstanceOf(IOException.class).hasMessageContaining("already exists");
    }

    @Test
    void appendRejectsAnEmptyBatchAndAppendAfterCloseFails() throws IOException {
        CommitLog log = start(1, 1);

        assertThatThrownBy(() -> log.append(List.of())).isInstanceOf(IllegalArgumentException.class);
        log.close();
        assertThatThrownBy(() -> log.append(List.of(Entry.delete(new byte[] {1}, 0))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    @Test
    void optionsRejectBadValuesNamingThem() {
        assertThatThrownBy(() -> new CommitLogOptions(SyncPolicy.ALWAYS, -1, 1, 4096))
                .hasMessageContaining("syncWindowNanos");
        assertThatThrownBy(() -> new CommitLogOptions(SyncPolicy.ALWAYS, 0, 0, 4096))
                .hasMessageContaining("syncPeriodNanos");
        assertThatThrownBy(() -> new CommitLogOptions(SyncPolicy.ALWAYS, 0, 1, 100))
                .hasMessageContaining("segmentBytes");
        assertThatThrownBy(() -> new CommitLogOptions(null, 0, 1, 4096)).isInstanceOf(NullPointerException.class);
    }
}
