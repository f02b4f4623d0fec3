package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.storage.sstable.Compression;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The engine answers every read exactly as a sorted map would, whatever mix of writes, deletes,
 * expiries, batches, flushes, compactions and restarts came before. {@code -Dringkv.model.seeds=N}
 * runs N seeds; {@code -Dringkv.model.seed=S} replays one.
 */
class StorageEngineModelTest {
    private static final int DEFAULT_SEEDS = 200;
    private static final int STEPS = 300;
    private static final int REAL_FILE_SEEDS = 3;

    @Test
    void engineAnswersLikeASortedMapOverRandomOperations() {
        long flushes = 0;
        long compactions = 0;
        long purged = 0;
        for (long seed : seeds()) {
            EngineSim sim = new EngineSim(optionsFor(seed, EngineSim.DATA_DIR));
            new ModelRun(seed, new ModelRun.World() {
                        @Override
                        public StorageEngine open() throws IOException {
                            return sim.open();
                        }

                        @Override
                        public void advanceMillis(long millis) {
                            sim.advanceMillis(millis);
                        }

                        @Override
                        public long nowMillis() {
                            return sim.clock.millis();
                        }
                    })
                    .run(STEPS);
            flushes += sim.metrics.count("ringkv.storage.flushes");
            compactions += sim.metrics.count("ringkv.storage.compactions");
            purged += sim.metrics.count("ringkv.storage.compaction.purged");
        }
        System.out.printf(
                "model test: %d seeds x %d steps, %d flushes, %d compactions, %d entries purged%n",
                seeds().size(), STEPS, flushes, compactions, purged);
        // The runs are only worth something if they crossed flushes, compactions and purges.
        assertThat(flushes).as("flushes").isGreaterThan(seeds().size());
        assertThat(compactions).as("compactions").isGreaterThan(seeds().size());
        assertThat(purged).as("entries purged by compaction").isPositive();
    }

    @Test
    void engineOnRealFilesAndBackgroundThreadsAnswersLikeASortedMap(@TempDir Path dir) throws Exception {
        SimClock clock = new SimClock();
        try (ExecutorScheduler scheduler = new ExecutorScheduler("engine-model-test", 2)) {
            StorageEnvironment environment =
                    new StorageEnvironment(ChannelFileIO.INSTANCE, clock, scheduler, new RecordingMetrics());
            for (long seed = 1; seed <= REAL_FILE_SEEDS; seed++) {
                StorageOptions options = optionsFor(seed, dir.resolve("seed-" + seed));
                new ModelRun(seed, new ModelRun.World() {
                            @Override
                            public StorageEngine open() throws IOException {
                                return StorageEngine.open(options, environment);
                            }

                            @Override
                            public void advanceMillis(long millis) {
                                clock.advanceMillis(millis);
                            }

                            @Override
                            public long nowMillis() {
                                return clock.millis();
                            }
                        })
                        .run(STEPS);
            }
        }
    }

    @Test
    void deletedKeyStaysAbsentThroughCompactionsAndItsTombstoneIsPurgedAfterGrace() throws IOException {
        long grace = 60_000;
        EngineSim sim = new EngineSim(
                EngineSim.smallOptions().tombstoneGraceMillis(grace).build());
        List<byte[]> keys = keys("grace", 300);
        try (StorageEngine engine = sim.open()) {
            for (byte[] key : keys) {
                engine.put(key, new byte[100]);
            }
            engine.flush();
            engine.compactAll();
            for (byte[] key : keys) {
                engine.delete(key);
            }
            engine.flush();
            engine.compactAll();
            assertAllAbsent(engine, keys, "after compaction within the grace period");
            long bytesWithTombstones = sim.totalBytes();

            sim.advanceMillis(grace + 1);
            engine.compactAll();
            assertAllAbsent(engine, keys, "after compaction past the grace period");
            assertThat(sim.totalBytes())
                    .as(
                            "bytes on disk once %d tombstones are purged (were %d with them)",
                            keys.size(), bytesWithTombstones)
                    .isLessThan(bytesWithTombstones);
        }
        try (StorageEngine engine = sim.open()) {
            assertAllAbsent(engine, keys, "after reopening");
        }
    }

    @Test
    void tombstonePastGraceNeverUncoversAnOlderValueStillInAnotherTable() throws IOException {
        EngineSim sim =
                new EngineSim(EngineSim.smallOptions().tombstoneGraceMillis(0).build());
        byte[] victim = "victim".getBytes(StandardCharsets.US_ASCII);
        try (StorageEngine engine = sim.open()) {
            engine.put(victim, "old".getBytes(StandardCharsets.US_ASCII));
            // A large base table holding the old value, then small tables that compact among themselves.
            putMany(engine, "base", 200, 150);
            engine.flush();
            engine.delete(victim);
            for (int round = 0; round < 12; round++) {
                engine.flush();
                sim.advanceMillis(10);
                assertThat(engine.get(victim))
                        .as("deleted key after round %d", round)
                        .isNull();
                putMany(engine, "round" + round, 5, 30);
            }
            engine.flush();
            assertThat(engine.get(victim)).as("deleted key before compactAll").isNull();
            engine.compactAll();
            assertThat(engine.get(victim)).as("deleted key after compactAll").isNull();
        }
    }

    @Test
    void valueReadsAbsentFromItsExpiryOnAndNeverUncoversAnOlderValue() throws IOException {
        EngineSim sim =
                new EngineSim(EngineSim.smallOptions().tombstoneGraceMillis(0).build());
        byte[] key = "session".getBytes(StandardCharsets.US_ASCII);
        byte[] fresh = "fresh".getBytes(StandardCharsets.US_ASCII);
        try (StorageEngine engine = sim.open()) {
            engine.put(key, "stale".getBytes(StandardCharsets.US_ASCII));
            putMany(engine, "base", 200, 150);
            engine.flush();
            long expiresAt = sim.clock.millis() + 1000;
            engine.put(key, fresh, expiresAt);
            engine.flush();

            sim.advanceMillis(999);
            assertThat(engine.get(key)).as("one millisecond before expiry").isEqualTo(fresh);
            sim.advanceMillis(1);
            assertThat(engine.get(key)).as("at the expiry millisecond").isNull();
            for (int round = 0; round < 12; round++) {
                putMany(engine, "round" + round, 5, 30);
                engine.flush();
                assertThat(engine.get(key))
                        .as("expired key after round %d", round)
                        .isNull();
            }
            engine.compactAll();
            assertThat(engine.get(key)).as("expired key after compactAll").isNull();
            assertThat(ModelStore.rows(engine.scan(key, null), false))
                    .as("scan from the expired key")
                    .noneMatch(row -> row.startsWith(ModelStore.hex(key) + " "));
        }
        try (StorageEngine engine = sim.open()) {
            assertThat(engine.get(key)).as("expired key after reopening").isNull();
        }
    }

    @Test
    void scanInProgressReadsOnThroughFlushAndCompaction() throws IOException {
        EngineSim sim = new EngineSim(EngineSim.smallOptions().build());
        List<byte[]> keys = keys("scan", 200);
        ModelStore model = new ModelStore();
        try (StorageEngine engine = sim.open()) {
            for (byte[] key : keys) {
                byte[] value =
                        ("value-of-" + new String(key, StandardCharsets.US_ASCII)).getBytes(StandardCharsets.US_ASCII);
                model.apply(List.of(ModelMutation.put(key, value)), engine.put(key, value));
            }
            List<String> rows = new ArrayList<>();
            try (KeyValueIterator it = engine.scan(null, null)) {
                for (int i = 0; i < 50 && it.hasNext(); i++) {
                    KeyValue kv = it.next();
                    rows.add(ModelStore.row(kv.key(), kv.value(), kv.sequence(), kv.expiresAtMillis(), true));
                }
                engine.flush();
                engine.compactAll();
                rows.addAll(ModelStore.rows(it, true));
            }
            assertThat(rows).containsExactlyElementsOf(model.scan(null, null, sim.clock.millis(), true));
        }
    }

    private static void assertAllAbsent(StorageEngine engine, List<byte[]> keys, String when) throws IOException {
        for (byte[] key : keys) {
            assertThat(engine.get(key))
                    .as("get %s %s", ModelStore.hex(key), when)
                    .isNull();
        }
        assertThat(ModelStore.rows(engine.scan(null, null), false))
                .as("scan %s", when)
                .isEmpty();
    }

    private static void putMany(StorageEngine engine, String prefix, int count, int valueBytes) throws IOException {
        for (byte[] key : keys(prefix, count)) {
            engine.put(key, new byte[valueBytes]);
        }
    }

    private static List<byte[]> keys(String prefix, int count) {
        List<byte[]> keys = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            keys.add(String.format("%s-%05d", prefix, i).getBytes(StandardCharsets.US_ASCII));
        }
        return keys;
    }

    /** Per-seed settings, so that seeds also differ in block size, compression, caching and grace. */
    private static StorageOptions optionsFor(long seed, Path dataDir) {
        Random random = ModelRun.settingsRandom(seed);
        return EngineSim.smallOptions()
                .dataDir(dataDir)
                .blockBytes(256 << random.nextInt(3))
                .compression(random.nextBoolean() ? Compression.LZ4 : Compression.NONE)
                .compactionMaxTables(2 + random.nextInt(3))
                .tombstoneGraceMillis(new long[] {0, 2000, 60_000}[random.nextInt(3)])
                .blockCacheBytes(random.nextBoolean() ? 0 : 16 * 1024)
                .bloomBitsPerKey(random.nextBoolean() ? 1 : 10)
                .build();
    }

    private static List<Long> seeds() {
        String one = System.getProperty("ringkv.model.seed");
        if (one != null) {
            return List.of(Long.parseLong(one.trim()));
        }
        int count = Integer.getInteger("ringkv.model.seeds", DEFAULT_SEEDS);
        List<Long> seeds = new ArrayList<>();
        for (long seed = 1; seed <= count; seed++) {
            seeds.add(seed);
        }
        return seeds;
    }
}
