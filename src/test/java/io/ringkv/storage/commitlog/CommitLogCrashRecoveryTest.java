package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.describe;
import static io.ringkv.storage.commitlog.LogFixtures.options;
import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static io.ringkv.storage.commitlog.LogFixtures.sequenced;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimFileIO.TornTail;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Power cuts at every mutation of a deterministic workload: whatever survives must replay, keep
 * every acknowledged record, and hold no half record.
 */
class CommitLogCrashRecoveryTest {
    private static final Path DIR = Path.of("/data/commitlog");
    private static final long SEED = 20240607L;

    /** The workload: batches appended one by one under ALWAYS, small segments so that it rolls. */
    private final List<List<Entry>> batches = workload();

    private static List<List<Entry>> workload() {
        Random random = new Random(SEED);
        List<List<Entry>> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batches.add(randomBatch(random, 6, 120));
        }
        return batches;
    }

    /** What the workload had acknowledged when it stopped, and the record that was in flight. */
    private record Run(List<List<Entry>> acknowledged, List<Entry> inFlight) {}

    private Run run(SimFileIO io) {
        List<List<Entry>> acknowledged = new ArrayList<>();
        long next = 1;
        try {
            SimClock clock = new SimClock();
            CommitLog log = CommitLog.start(
                    io, DIR, 1, 1, options(SyncPolicy.ALWAYS, 4096), clock, new SimScheduler(clock), Metrics.noop());
            for (List<Entry> batch : batches) {
                long first = log.append(batch);
                acknowledged.add(sequenced(batch, first));
                next = first + batch.size();
            }
            return new Run(acknowledged, null);
        } catch (IOException e) {
            int attempted = acknowledged.size();
            return new Run(acknowledged, attempted < batches.size() ? sequenced(batches.get(attempted), next) : null);
        }
    }

    @Test
    void everyAcknowledgedRecordSurvivesACrashAtAnyMutationAndNoHalfRecordAppears() throws IOException {
        SimFileIO reference = new SimFileIO();
        Run complete = run(reference);
        assertThat(complete.acknowledged()).hasSize(batches.size());
        long totalMutations = reference.mutations();
        assertThat(reference.list(DIR)).as("the workload should roll").hasSizeGreaterThan(2);

        int crashPoints = 0;
        for (long n = 0; n <= totalMutations; n++) {
            for (TornTail tail : TornTail.values()) {
                SimFileIO io = new SimFileIO();
                io.crashAfter(n);
                Run run = run(io);
                io.crash(tail, new Random(SEED * 31 + n));

                LogFixtures.Collected replayed = new LogFixtures.Collected();
                ReplayResult result = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), replayed);

                String context = "crash after " + n + " mutations, tail " + tail + ", seed " + SEED;
                List<String> acknowledged = describe(run.acknowledged());
                List<String> present = describe(replayed.records);
                assertThat(present).as(context).startsWith(acknowledged.toArray(String[]::new));
                if (present.size() > acknowledged.size()) {
                    // Only the record that was in flight may also be there, and then whole.
                    assertThat(present).as(context).hasSize(acknowledged.size() + 1);
                    assertThat(present.get(acknowledged.size()))
                            .as(context)
                            .isEqualTo(describe(List.of(run.inFlight())).get(0));
                }
                assertThat(result.records()).as(context).isEqualTo(present.size());
                assertReplayIsStable(io, present, context);
                assertLogRestartsAfter(io, result, context);
                crashPoints++;
            }
        }
        System.out.println("commit log crash points tried: " + crashPoints);
        assertThat(crashPoints).isGreaterThan(100);
    }

    @Test
    void aLastRecordTornAtAnyByteIsCutOffAndTheEarlierRecordsReplay() throws IOException {
        SimFileIO probe = new SimFileIO();
        Run complete = run(probe);
        List<String> expected = describe(complete.acknowledged().subList(0, batches.size() - 1));
        long lastSegment =
                probe.list(DIR).stream().mapToLong(SegmentNames::parse).max().orElseThrow();
        Path file = SegmentNames.path(DIR, lastSegment);
        int end = (int) probe.length(file);
        int lastRecordFrame = RecordFormat.FRAME_HEADER + RecordFormat.payloadSize(batches.get(batches.size() - 1));
        int start = end - lastRecordFrame;

        int cuts = 0;
        for (int cut = start; cut < end; cut++) {
            SimFileIO io = new SimFileIO();
            run(io);
            io.cutDurable(file, cut);
            io.crash();

            LogFixtures.Collected replayed = new LogFixtures.Collected();
            ReplayResult result = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), replayed);

            assertThat(describe(replayed.records)).as("cut at %d", cut).isEqualTo(expected);
            assertThat(result.truncatedBytes()).as("cut at %d", cut).isEqualTo(cut - start);
            assertThat(io.length(file)).as("cut at %d", cut).isEqualTo(start);
            cuts++;
        }
        System.out.println("commit log torn last record cuts tried: " + cuts);
        assertThat(cuts).isEqualTo(lastRecordFrame);
    }

    @Test
    void aLastSegmentCutInsideItsHeaderIsDiscarded() throws IOException {
        for (int cut = 0; cut < SegmentHeader.SIZE; cut++) {
            SimFileIO io = new SimFileIO();
            SimClock clock = new SimClock();
            CommitLog log = CommitLog.start(
                    io, DIR, 1, 1, options(SyncPolicy.ALWAYS, 4096), clock, new SimScheduler(clock), Metrics.noop());
            long sequence = log.append(batches.get(0));
            log.roll();
            io.cutDurable(SegmentNames.path(DIR, 2), cut);
            io.crash();

            LogFixtures.Collected replayed = new LogFixtures.Collected();
            ReplayResult result = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), replayed);

            assertThat(replayed.records).as("cut at %d", cut).hasSize(1);
            assertThat(replayed.records.get(0).get(0).sequence()).isEqualTo(sequence);
            assertThat(result.lastSegmentId()).as("cut at %d", cut).isEqualTo(2);
            assertThat(io.list(DIR)).as("cut at %d", cut).containsExactly(SegmentNames.fileName(1));
        }
    }

    /** The engine's restart: a new segment after the replayed ones, sequences continuing. */
    private void assertLogRestartsAfter(SimFileIO io, ReplayResult replayed, String context) throws IOException {
        SimClock clock = new SimClock();
        CommitLog log = CommitLog.start(
                io,
                DIR,
                replayed.lastSegmentId() + 1,
                replayed.lastSequence() + 1,
                options(SyncPolicy.ALWAYS, 4096),
                clock,
                new SimScheduler(clock),
                Metrics.noop());
        long first = log.append(batches.get(0));
        log.close();
        ReplayResult after = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), (segment, entries) -> {});
        assertThat(first).as(context).isEqualTo(replayed.lastSequence() + 1);
        assertThat(after.records()).as(context).isEqualTo(replayed.records() + 1);
    }

    /** A second replay of the repaired log finds the same records and nothing more to cut. */
    private static void assertReplayIsStable(SimFileIO io, List<String> present, String context) throws IOException {
        LogFixtures.Collected again = new LogFixtures.Collected();
        ReplayResult second = CommitLog.replay(io, DIR, 1, false, Metrics.noop(), again);
        assertThat(describe(again.records)).as(context).isEqualTo(present);
        assertThat(second.truncatedBytes()).as(context).isZero();
    }
}
