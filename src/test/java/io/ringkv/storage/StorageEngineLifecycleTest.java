package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Table files outlive their readers' needs exactly; writers are slowed, never failed, by a slow compaction. */
class StorageEngineLifecycleTest {

    private static byte[] key(int i) {
        return String.format("key-%06d", i).getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> tableFiles(SimFileIO io) throws IOException {
        List<String> names = new ArrayList<>();
        for (String name : io.list(EngineSim.DATA_DIR)) {
            if (name.endsWith(".sst")) {
                names.add(name);
            }
        }
        names.sort(null);
        return names;
    }

    @Test
    void compactedTablesAreDeletedOnlyAfterTheLastReaderLetsGo() throws IOException {
        EngineSim sim = new EngineSim(EngineSim.smallOptions()
                .memtableBytes(1 << 20)
                .compactionMinTables(4)
                .compactionMaxTables(8)
                .build());
        try (StorageEngine engine = sim.open()) {
            for (int i = 0; i < 100; i++) {
                engine.put(key(i), new byte[] {(byte) i});
            }
            engine.flush();
            for (int i = 100; i < 200; i++) {
                engine.put(key(i), new byte[] {(byte) i});
            }
            engine.flush();
            List<String> before = tableFiles(sim.fileIO);
            assertThat(before).hasSize(2);

            KeyValueIterator scan = engine.scan(null, null);
            assertThat(scan.next().key()).isEqualTo(key(0));
            engine.compactAll();

            assertThat(engine.tableCount()).isEqualTo(1);
            assertThat(tableFiles(sim.fileIO))
                    .as("inputs kept while a scan reads them")
                    .containsAll(before);
            int seen = 1;
            while (scan.hasNext()) {
                KeyValue kv = scan.next();
                assertThat(kv.key()).isEqualTo(key(seen));
                seen++;
            }
            assertThat(seen).isEqualTo(200);
            scan.close();

            List<String> after = tableFiles(sim.fileIO);
            assertThat(after).hasSize(1).doesNotContainAnyElementsOf(before);
            assertThat(engine.get(key(150))).containsExactly((byte) 150);
        }
    }

    @Test
    void writersAreSlowedButNeverFailedWhileCompactionFallsBehind() throws Exception {
        SimFileIO io = new SimFileIO();
        RecordingMetrics metrics = new RecordingMetrics();
        StorageOptions options = StorageOptions.builder(Path.of("/db"))
                .syncPolicy(SyncPolicy.NONE)
                .memtableBytes(4096)
                .maxImmutableMemtables(1)
                .blockBytes(512)
                .compactionMinTables(2)
                .compactionMaxTables(4)
                .slowdownTables(4)
                .stopTables(6)
                .compactionBytesPerSecond(2 << 20)
                .build();
        int writers = 2;
        int perWriter = 1500;
        AtomicInteger maxTables = new AtomicInteger();
        try (ExecutorScheduler scheduler = new ExecutorScheduler("test-storage", 2);
                StorageEngine engine = StorageEngine.open(
                        options, new StorageEnvironment(io, SystemClock.INSTANCE, scheduler, metrics))) {
            ExecutorService clients = Executors.newFixedThreadPool(writers);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < writers; w++) {
                    int writer = w;
                    done.add(clients.submit(() -> {
                        for (int i = 0; i < perWriter; i++) {
                            engine.put(key(writer * perWriter + i), new byte[100]);
                            maxTables.accumulateAndGet(engine.tableCount(), Math::max);
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(); // rethrows any failed write
                }
            } finally {
                clients.shutdown();
            }
            assertThat(metrics.count("ringkv.storage.write.slowdowns") + metrics.count("ringkv.storage.write.stalls"))
                    .as("writers were held back")
                    .isPositive();
            // Each writer may be past the check when a flush lands: stopTables plus one table per writer.
            assertThat(maxTables.get()).isLessThanOrEqualTo(options.stopTables() + writers);
            for (int i = 0; i < writers * perWriter; i++) {
                assertThat(engine.get(key(i))).as("key %d", i).hasSize(100);
            }
        }
    }
}
