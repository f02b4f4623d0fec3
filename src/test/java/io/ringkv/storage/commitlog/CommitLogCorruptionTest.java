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
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Damage that is not a torn tail: fatal by default, skipped when salvaging. */
class CommitLogCorruptionTest {
    private static final Path DIR = Path.of("/data/commitlog");
    private static final Path FIRST = SegmentNames.path(DIR, 1);
    private final SimFileIO io = new SimFileIO();
    private final Random random = new Random(99);
    private final List<List<Entry>> records = new ArrayList<>();
    /** Byte offset of each record in its segment. */
    private final List<Long> offsets = new ArrayList<>();

    private CommitLog log;

    @BeforeEach
    void startLog() throws IOException {
        SimClock clock = new SimClock();
        log = CommitLog.start(
                io, DIR, 1, 1, options(SyncPolicy.ALWAYS, 1 << 20), clock, new SimScheduler(clock), Metrics.noop());
    }

    private void appendRecords(int n) throws IOException {
        for (int i = 0; i < n; i++) {
            offsets.add(io.length(SegmentNames.path(DIR, log.currentSegmentId())));
            List<Entry> batch = randomBatch(random, 4, 50);
            records.add(sequenced(batch, log.append(batch)));
        }
    }

    @Test
    void aDamagedRecordWithValidRecordsAfterItIsCorruptionNamingFileAndOffset() throws IOException {
        appendRecords(10);
        log.close();
        io.flipByte(FIRST, offsets.get(2) + 12);

        assertThatThrownBy(() -> CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {}))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(FIRST.getFileName().toString())
                .hasMessageContaining("offset " + offsets.get(2));
    }

    @Test
    void salvageSkipsTheDamagedRecordAndReplaysTheRest() throws IOException {
        appendRecords(10);
        log.close();
        io.flipByte(FIRST, offsets.get(2) + 12);
        RecordingMetrics metrics = new RecordingMetrics();
        LogFixtures.Collected replayed = new LogFixtures.Collected();

        ReplayResult result = CommitLog.replay(io, DIR, 1, true, metrics, replayed);

        List<List<Entry>> expected = new ArrayList<>(records);
        expected.remove(2);
        assertThat(describe(replayed.records)).isEqualTo(describe(expected));
        assertThat(result.salvagedRegions()).isEqualTo(1);
        assertThat(result.truncatedBytes()).isZero();
        assertThat(metrics.count(CommitLogMetrics.SALVAGED_REGIONS)).isEqualTo(1);
    }

    @Test
    void aDamagedLengthIsFoundPastByScanningForTheNextRecord() throws IOException {
        appendRecords(6);
        log.close();
        io.flipByte(FIRST, offsets.get(1)); // the high byte of the length: the record now runs past the end
        LogFixtures.Collected replayed = new LogFixtures.Collected();

        ReplayResult result = CommitLog.replay(io, DIR, 1, true, Metrics.noop(), replayed);

        assertThat(replayed.records).hasSize(5);
        assertThat(result.salvagedRegions()).isEqualTo(1);
        assertThatThrownBy(() -> CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {}))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("offset " + offsets.get(1))
                .hasMessageContaining("offset " + offsets.get(2));
    }

    @Test
    void aDamagedLastRecordOfTheLastSegmentIsATornTail() throws IOException {
        appendRecords(5);
        log.close();
        io.flipByte(FIRST, offsets.get(4) + 12);
        long lengthBefore = io.length(FIRST);
        LogFixtures.Collected replayed = new LogFixtures.Collected();

        ReplayResult result = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), replayed);

        assertThat(describe(replayed.records)).isEqualTo(describe(records.subList(0, 4)));
        assertThat(result.truncatedBytes()).isEqualTo(lengthBefore - offsets.get(4));
        assertThat(io.length(FIRST)).isEqualTo(offsets.get(4));
    }

    @Test
    void aDamagedLastRecordOfAnEarlierSegmentIsCorruption() throws IOException {
        appendRecords(3);
        log.roll();
        appendRecords(2);
        log.close();
        io.flipByte(FIRST, offsets.get(2) + 12);

        assertThatThrownBy(() -> CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {}))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(FIRST.getFileName().toString())
                .hasMessageContaining("offset " + offsets.get(2))
                .hasMessageContaining("not the last");
        LogFixtures.Collected replayed = new LogFixtures.Collected();
        ReplayResult result = CommitLog.replay(io, DIR, 1, true, Metrics.noop(), replayed);
        assertThat(replayed.records).hasSize(4);
        assertThat(result.salvagedRegions()).isEqualTo(1);
    }

    @Test
    void aBadHeaderIsCorruptionUnlessTheLastSegmentIsEmpty() throws IOException {
        appendRecords(2);
        log.roll();
        appendRecords(1);
        log.close();
        io.flipByte(FIRST, 2);

        assertThatThrownBy(() -> CommitLog.replay(io, DIR, 1, true, Metrics.noop(), (s, e) -> {}))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(FIRST.getFileName().toString())
                .hasMessageContaining("magic");
    }

    @Test
    void aRecordWhoseSequenceDoesNotIncreaseIsCorruption() throws IOException {
        appendRecords(2);
        log.close();
        SimClock clock = new SimClock();
        // A log started with a sequence it had already used: records out of order across segments.
        CommitLog stale = CommitLog.start(
                io, DIR, 2, 1, options(SyncPolicy.ALWAYS, 1 << 20), clock, new SimScheduler(clock), Metrics.noop());
        stale.append(randomBatch(random, 1, 10));
        stale.close();

        assertThatThrownBy(() -> CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (s, e) -> {}))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining(SegmentNames.fileName(2))
                .hasMessageContaining("sequence 1");
    }
}
