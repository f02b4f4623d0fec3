package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import io.ringkv.storage.Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class BlockCacheTest {
    private static final String HITS = "ringkv.storage.block_cache.hits";
    private static final String MISSES = "ringkv.storage.block_cache.misses";

    private final SimFileIO io = new SimFileIO();
    private final Path path = Path.of("/data/1.sst");
    private final RecordingMetrics metrics = new RecordingMetrics();
    private TreeMap<byte[], Entry> model;
    private List<byte[]> keys;

    @BeforeEach
    void writeTable() throws IOException {
        io.createDirectories(path.getParent());
        model = TestEntries.random(new Random(9), 2_000);
        keys = new ArrayList<>(model.keySet());
        TableBuilder builder = new TableBuilder(io, path, 1024, Compression.LZ4, 10);
        for (Entry entry : model.values()) {
            builder.add(entry);
        }
        builder.finish();
    }

    @Test
    void secondReadOfABlockIsAHit() throws IOException {
        BlockCache cache = new BlockCache(1 << 20, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, metrics)) {
            reader.get(keys.get(0));
            assertThat(metrics.count(MISSES)).isEqualTo(1);
            assertThat(metrics.count(HITS)).isZero();
            reader.get(keys.get(1));
            reader.get(keys.get(0));
            assertThat(metrics.count(HITS)).isEqualTo(2);
            assertThat(metrics.count(MISSES)).isEqualTo(1);
            assertThat(cache.hitCount()).isEqualTo(2);
            assertThat(cache.missCount()).isEqualTo(1);
            assertThat(cache.weightedSize()).isPositive();
        }
    }

    @Test
    void scanWithoutFillCacheLeavesTheCacheEmpty() throws IOException {
        BlockCache cache = new BlockCache(1 << 20, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, metrics)) {
            int scanned = 0;
            try (EntryIterator it = reader.iterator(null, null, /* fillCache= */ false)) {
                while (it.next() != null) {
                    scanned++;
                }
            }
            assertThat(scanned).isEqualTo(model.size());
            long blocks = metrics.count(MISSES);
            assertThat(blocks).isGreaterThan(1);
            reader.get(keys.get(0));
            assertThat(metrics.count(MISSES)).isEqualTo(blocks + 1);
            assertThat(metrics.count(HITS)).isZero();
        }
    }

    @Test
    void zeroCapacityCachesNothing() throws IOException {
        BlockCache cache = new BlockCache(0, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, metrics)) {
            reader.get(keys.get(0));
            reader.get(keys.get(0));
            assertThat(metrics.count(MISSES)).isEqualTo(2);
            assertThat(metrics.count(HITS)).isZero();
            assertThat(cache.weightedSize()).isZero();
        }
    }

    @Test
    void tablesDoNotShareBlocksAndEvictTableDropsOnlyItsOwn() throws IOException {
        BlockCache cache = new BlockCache(1 << 20, Runnable::run, new SimClock());
        try (TableReader one = TableReader.open(io, path, 1, cache, metrics);
                TableReader two = TableReader.open(io, path, 2, cache, metrics)) {
            one.get(keys.get(0));
            two.get(keys.get(0));
            assertThat(metrics.count(MISSES)).isEqualTo(2);
            cache.evictTable(1);
            one.get(keys.get(0));
            two.get(keys.get(0));
            assertThat(metrics.count(MISSES)).isEqualTo(3);
            assertThat(metrics.count(HITS)).isEqualTo(1);
        }
    }

    @Test
    void bloomNegativesAndFalsePositivesAreCounted() throws IOException {
        BlockCache cache = new BlockCache(1 << 20, Runnable::run, new SimClock());
        Random random = new Random(17);
        try (TableReader reader = TableReader.open(io, path, 1, cache, metrics)) {
            int maybes = 0;
            int ruledOut = 0;
            for (int i = 0; i < 20_000; i++) {
                // Absent keys inside the table's key range, so only the bloom filter can rule them out.
                byte[] probe = TestEntries.randomKey(random);
                if (model.containsKey(probe)
                        || Keys.compare(probe, model.firstKey()) < 0
                        || Keys.compare(probe, model.lastKey()) > 0) {
                    continue;
                }
                if (reader.mayContain(probe)) {
                    maybes++;
                } else {
                    ruledOut++;
                }
                assertThat(reader.get(probe)).isNull();
            }
            assertThat(metrics.count("ringkv.storage.bloom.negatives")).isEqualTo(ruledOut);
            assertThat(metrics.count("ringkv.storage.bloom.false_positives")).isEqualTo(maybes);
            assertThat(maybes).isPositive();
            assertThat(ruledOut).isGreaterThan(maybes * 50);
        }
    }
}
