package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.Entry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

class TableConcurrentReadTest {

    @Test
    void concurrentReadersThroughASmallCacheAllSeeTheRightEntries() throws Exception {
        SimFileIO io = new SimFileIO();
        Path path = Path.of("/data/1.sst");
        io.createDirectories(path.getParent());
        TreeMap<byte[], Entry> model = TestEntries.random(new Random(31), 3_000);
        TableBuilder builder = new TableBuilder(io, path, 512, Compression.LZ4, 10);
        for (Entry entry : model.values()) {
            builder.add(entry);
        }
        builder.finish();
        List<Entry> entries = new ArrayList<>(model.values());
        // Small enough that blocks are evicted and reloaded while other threads read them.
        BlockCache cache = new BlockCache(16 * 1024, Runnable::run, new SimClock());
        ConcurrentLinkedQueue<String> mismatches = new ConcurrentLinkedQueue<>();
        try (TableReader reader = TableReader.open(io, path, 1, cache, Metrics.noop())) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                long seed = t;
                threads.add(new Thread(() -> {
                    Random random = new Random(seed);
                    try {
                        for (int i = 0; i < 5_000; i++) {
                            Entry expected = entries.get(random.nextInt(entries.size()));
                            String actual = TestEntries.describe(reader.get(expected.key()));
                            if (!actual.equals(TestEntries.describe(expected))) {
                                mismatches.add("thread " + seed + ": " + actual);
                            }
                        }
                    } catch (Exception e) {
                        mismatches.add("thread " + seed + " threw " + e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread thread : threads) {
                thread.join();
            }
        }
        assertThat(mismatches).isEmpty();
        assertThat(cache.hitCount() + cache.missCount()).isEqualTo(20_000);
    }
}
