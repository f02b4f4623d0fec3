package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class WorkloadsTest {
    private static final long SEED = 7;
    private final Workloads workloads = new Workloads(new BenchData(SEED), SEED);

    @Test
    void fillWritesEveryKeyOnceAcrossWriters() throws Exception {
        MapEngine engine = new MapEngine();

        Measurement m = workloads.fill(engine, 1_003, 8);

        assertThat(m.units()).isEqualTo(1_003);
        assertThat(m.latencyNanos().getTotalCount()).isEqualTo(1_003);
        assertThat(engine.puts.get()).isEqualTo(1_003);
        assertThat(engine.map).hasSize(1_003);
        assertThat(BenchData.index(engine.map.firstKey())).isZero();
        assertThat(BenchData.index(engine.map.lastKey())).isEqualTo(1_002);
    }

    @Test
    void loadFlushesAfterWritingAllKeys() throws Exception {
        MapEngine engine = new MapEngine();

        workloads.load(engine, 500);

        assertThat(engine.map).hasSize(500);
        assertThat(engine.flushes.get()).isEqualTo(1);
    }

    @Test
    void readRandomSplitsOpsOverReadersAndFindsLoadedValues() throws Exception {
        MapEngine engine = new MapEngine();
        workloads.load(engine, 300);

        Measurement m = workloads.readRandom(engine, 300, 1_001, 2);

        assertThat(m.units()).isEqualTo(1_001);
        assertThat(m.latencyNanos().getTotalCount()).isEqualTo(1_001);
    }

    @Test
    void readRandomFailsWhenAKeyIsMissing() throws Exception {
        MapEngine engine = new MapEngine();
        workloads.load(engine, 300);
        engine.map.remove(BenchData.key(17));

        assertThatThrownBy(() -> workloads.readRandom(engine, 300, 5_000, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key 17 returned null");
    }

    @Test
    void readRandomFailsWhenAValueIsWrong() throws Exception {
        MapEngine engine = new MapEngine();
        workloads.load(engine, 300);
        engine.map.put(BenchData.key(3), new byte[BenchData.VALUE_BYTES]);

        assertThatThrownBy(() -> workloads.readRandom(engine, 300, 5_000, 1))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("key 3 returned a wrong value");
    }

    @Test
    void scanCountsKeysAndTimesEachScan() throws Exception {
        MapEngine engine = new MapEngine();
        workloads.load(engine, 2_000);

        Measurement m = workloads.scan(engine, 2_000, 5, 1_000);

        assertThat(m.units()).isEqualTo(5_000);
        assertThat(m.latencyNanos().getTotalCount()).isEqualTo(5);
    }

    @Test
    void scanFailsWhenTheEngineReturnsFewerKeys() throws Exception {
        MapEngine engine = new MapEngine();
        workloads.load(engine, 2_000);
        engine.map.clear();

        assertThatThrownBy(() -> workloads.scan(engine, 2_000, 5, 1_000))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read 0 of 1000 keys");
    }
}
