package io.ringkv.storage.commitlog;

import static io.ringkv.storage.commitlog.LogFixtures.describe;
import static io.ringkv.storage.commitlog.LogFixtures.options;
import static io.ringkv.storage.commitlog.LogFixtures.randomBatch;
import static io.ringkv.storage.commitlog.LogFixtures.sequenced;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Metrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The commit log on a real file system. */
class CommitLogOnDiskTest {
    private static final int THREADS = 8;
    private static final int RECORDS_PER_THREAD = 200;

    @TempDir
    Path dir;

    private final SimClock simClock = new SimClock();

    @Test
    void recordsSurviveCloseAndATornTailIsCutOnDisk() throws IOException {
        Random random = new Random(17);
        CommitLog log = CommitLog.start(
                ChannelFileIO.INSTANCE,
                dir,
                1,
                1,
                options(SyncPolicy.ALWAYS, 4096),
                simClock,
                new SimScheduler(simClock),
                Metrics.noop());
        List<List<Entry>> expected = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            List<Entry> batch = randomBatch(random, 5, 100);
            expected.add(sequenced(batch, log.append(batch)));
        }
        log.close();
        Path last = dir.resolve(SegmentNames.fileName(log.currentSegmentId()));
        long intact = Files.size(last);
        Files.write(last, new byte[] {0, 0, 1, 0, 7, 7, 7}, StandardOpenOption.APPEND);

        LogFixtures.Collected replayed = new LogFixtures.Collected();
        ReplayResult result = CommitLog.replay(ChannelFileIO.INSTANCE, dir, 1, false, Metrics.noop(), replayed);

        assertThat(describe(replayed.records)).isEqualTo(describe(expected));
        assertThat(result.truncatedBytes()).isEqualTo(7);
        assertThat(Files.size(last)).isEqualTo(intact);
        assertThat(result.lastSegmentId()).isGreaterThan(1);
    }

    @Test
    void concurrentWritersShareFsyncsAndEveryRecordReplays() throws Exception {
        RecordingMetrics metrics = new RecordingMetrics();
        CommitLog log = CommitLog.start(
                ChannelFileIO.INSTANCE,
                dir,
                1,
                1,
                options(SyncPolicy.ALWAYS, 64 << 20),
                SystemClock.INSTANCE,
                new SimScheduler(simClock),
                metrics);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService writers = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> done = new ArrayList<>();
        for (int t = 0; t < THREADS; t++) {
            int thread = t;
            done.add(writers.submit(() -> {
                go.await();
                for (int i = 0; i < RECORDS_PER_THREAD; i++) {
                    byte[] key = (thread + "/" + i).getBytes(StandardCharsets.UTF_8);
                    log.append(List.of(Entry.put(key, 0, new byte[32])));
                }
                return null;
            }));
        }
        go.countDown();
        for (Future<?> f : done) {
            f.get(2, TimeUnit.MINUTES);
        }
        writers.shutdown();
        log.close();

        int records = THREADS * RECORDS_PER_THREAD;
        long fsyncs = metrics.count(CommitLogMetrics.FSYNCS);
        System.out.println("group commit: " + records + " records, " + fsyncs + " fsyncs");
        assertThat(fsyncs).isPositive().isLessThan(records);
        assertThat(metrics.count(CommitLogMetrics.GROUP_SIZE)).isEqualTo(records);

        Set<String> keys = new HashSet<>();
        List<Long> sequences = new ArrayList<>();
        CommitLog.replay(ChannelFileIO.INSTANCE, dir, 1, false, Metrics.noop(), (segment, entries) -> {
            for (Entry e : entries) {
                keys.add(new String(e.key(), StandardCharsets.UTF_8));
                sequences.add(e.sequence());
            }
        });
        assertThat(keys).hasSize(records);
        assertThat(sequences).hasSize(records).isSorted().startsWith(1L).endsWith((long) records);
    }

    @Test
    void aZeroFilledTailOnDiskIsCut() throws IOException {
        CommitLog log = CommitLog.start(
                ChannelFileIO.INSTANCE,
                dir,
                1,
                1,
                options(SyncPolicy.NONE, 4096),
                simClock,
                new SimScheduler(simClock),
                Metrics.noop());
        log.append(List.of(Entry.put(new byte[] {1}, 0, new byte[] {2})));
        log.close();
        Path file = dir.resolve(SegmentNames.fileName(1));
        Files.write(file, new byte[100], StandardOpenOption.APPEND);

        ReplayResult result = CommitLog.replay(ChannelFileIO.INSTANCE, dir, 1, false, Metrics.noop(), (s, e) -> {});

        assertThat(result.records()).isEqualTo(1);
        assertThat(result.truncatedBytes()).isEqualTo(100);
        assertThat(ByteBuffer.wrap(Files.readAllBytes(file)).getInt()).isEqualTo(SegmentHeader.MAGIC);
    }
}
