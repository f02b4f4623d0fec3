package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RocksEngineTest {
    @TempDir
    Path dir;

    @Test
    void rowsRunOnRocksDbAndReadBackWhatWasLoaded() throws Exception {
        Workloads workloads = new Workloads(new BenchData(11), 11);
        try (BenchEngine engine = EngineKind.ROCKSDB.open(dir, EngineSettings.STANDARD, /* syncWrites= */ false)) {
            workloads.load(engine, 12_000);

            assertThat(workloads.readRandom(engine, 12_000, 2_000, 2).units()).isEqualTo(2_000);
            assertThat(workloads.scan(engine, 12_000, 3, Row.SCAN_LENGTH).units())
                    .isEqualTo(3L * Row.SCAN_LENGTH);
            assertThat(engine.get(BenchData.key(12_000))).isNull();
        }
    }

    @Test
    void syncedWritesSurviveReopen() throws Exception {
        BenchData data = new BenchData(11);
        try (BenchEngine engine = EngineKind.ROCKSDB.open(dir, EngineSettings.STANDARD, /* syncWrites= */ true)) {
            engine.put(BenchData.key(1), data.value(1));
        }
        try (BenchEngine engine = EngineKind.ROCKSDB.open(dir, EngineSettings.STANDARD, /* syncWrites= */ false)) {
            assertThat(data.isValueOf(1, engine.get(BenchData.key(1)))).isTrue();
        }
    }
}
