package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import io.ringkv.storage.Keys;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.NavigableMap;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A table of 10k random entries reads back exactly as a sorted map of the same entries. */
class TableRoundTripTest {
    private static final int ENTRIES = 10_000;

    @TempDir
    Path tempDir;

    @ParameterizedTest
    @EnumSource(Compression.class)
    void tableOnSimulatedDiskReadsBackAsTheModel(Compression compression) throws IOException {
        SimFileIO io = new SimFileIO();
        Path dir = Path.of("/data");
        io.createDirectories(dir);
        roundTrip(io, dir.resolve("1.sst"), compression, 101);
    }

    @ParameterizedTest
    @EnumSource(Compression.class)
    void tableOnRealDiskReadsBackAsTheModel(Compression compression) throws IOException {
        roundTrip(ChannelFileIO.INSTANCE, tempDir.resolve("1.sst"), compression, 202);
    }

    private static void roundTrip(FileIO io, Path path, Compression compression, long seed) throws IOException {
        Random random = new Random(seed);
        TreeMap<byte[], Entry> model = TestEntries.random(random, ENTRIES);

        TableBuilder builder = new TableBuilder(io, path, 1024, compression, 10);
        for (Entry entry : model.values()) {
            builder.add(entry);
        }
        long estimate = builder.estimatedFileSize();
        TableInfo info = builder.finish();

        assertThat(io.exists(path)).isTrue();
        assertThat(io.exists(TableBuilder.tempPath(path))).isFalse();
        assertThat(estimate).isBetween(info.fileSize() / 2, info.fileSize() * 2);
        assertInfoMatches(info, model);

        BlockCache cache = new BlockCache(1 << 20, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, Metrics.noop())) {
            assertThat(reader.info()).isEqualTo(info);
            try (FileIO.ReadableFile file = io.openForRead(path)) {
                assertThat(file.size()).isEqualTo(info.fileSize());
            }
            for (Entry expected : model.values()) {
                assertThat(TestEntries.describe(reader.get(expected.key())))
                        .as("seed %d", seed)
                        .isEqualTo(TestEntries.describe(expected));
                assertThat(reader.mayContain(expected.key())).isTrue();
            }
            List<byte[]> keys = new ArrayList<>(model.keySet());
            for (int i = 0; i < 5_000; i++) {
                // Half the probes sit right after a present key, inside the table's range.
                byte[] absent = i % 2 == 0
                        ? TestEntries.randomKey(random)
                        : Arrays.copyOf(keys.get(random.nextInt(ENTRIES)), 1 + keys.get(i).length);
                if (!model.containsKey(absent)) {
                    assertThat(reader.get(absent))
                            .as("seed %d absent key", seed)
                            .isNull();
                }
            }
            for (int i = 0; i < 200; i++) {
                byte[] from = bound(random, keys);
                byte[] to = bound(random, keys);
                if (from != null && to != null && Keys.compare(from, to) > 0 && random.nextInt(4) > 0) {
                    byte[] swap = from;
                    from = to;
                    to = swap;
                }
                assertThat(scan(reader, from, to, random.nextBoolean()))
                        .as("seed %d range %d", seed, i)
                        .containsExactlyElementsOf(expectedRange(model, from, to));
            }
        }
    }

    private static void assertInfoMatches(TableInfo info, TreeMap<byte[], Entry> model) {
        assertThat(info.entryCount()).isEqualTo(model.size());
        assertThat(info.meta().tombstoneCount())
                .isEqualTo(model.values().stream().filter(Entry::isTombstone).count());
        assertThat(info.smallestKey()).isEqualTo(model.firstKey());
        assertThat(info.largestKey()).isEqualTo(model.lastKey());
        assertThat(info.meta().minSequence())
                .isEqualTo(
                        model.values().stream().mapToLong(Entry::sequence).min().orElseThrow());
        assertThat(info.maxSequence())
                .isEqualTo(
                        model.values().stream().mapToLong(Entry::sequence).max().orElseThrow());
        assertThat(info.meta().minExpiresAtMillis())
                .isEqualTo(model.values().stream()
                        .filter(Entry::hasExpiry)
                        .mapToLong(Entry::expiresAtMillis)
                        .min()
                        .orElseThrow());
        assertThat(info.meta().rawDataBytes()).isGreaterThan(0);
    }

    static List<String> scan(TableReader reader, byte[] from, byte[] to, boolean fillCache) throws IOException {
        List<String> out = new ArrayList<>();
        try (EntryIterator it = reader.iterator(from, to, fillCache)) {
            for (Entry e = it.next(); e != null; e = it.next()) {
                out.add(TestEntries.describe(e));
            }
            assertThat(it.next()).as("an exhausted iterator stays exhausted").isNull();
        }
        return out;
    }

    static List<String> expectedRange(NavigableMap<byte[], Entry> model, byte[] from, byte[] to) {
        if (from != null && to != null && Keys.compare(from, to) >= 0) {
            return List.of();
        }
        NavigableMap<byte[], Entry> range = from == null ? model : model.tailMap(from, true);
        range = to == null ? range : range.headMap(to, false);
        List<String> out = new ArrayList<>();
        for (Entry e : range.values()) {
            out.add(TestEntries.describe(e));
        }
        return out;
    }

    /** A range bound: open, a present key, or a random key. */
    private static byte[] bound(Random random, List<byte[]> keys) {
        int roll = random.nextInt(8);
        if (roll == 0) {
            return null;
        }
        return roll <= 4 ? keys.get(random.nextInt(keys.size())) : TestEntries.randomKey(random);
    }
}
