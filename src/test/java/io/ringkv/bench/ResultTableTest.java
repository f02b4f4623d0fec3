package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

class ResultTableTest {

    private static Measurement measurement(long units, long elapsedNanos, long... latencies) {
        Histogram h = new Histogram(3);
        for (long l : latencies) {
            h.recordValue(l);
        }
        return new Measurement(units, elapsedNanos, h);
    }

    @Test
    void rowShowsThroughputRatioAndLatenciesOfBothEngines() {
        ResultTable table = new ResultTable(List.of(EngineKind.RINGKV, EngineKind.ROCKSDB));
        table.begin(Row.FILLRANDOM, "1,000");
        table.measured(EngineKind.RINGKV, measurement(1_000, 10_000_000, 2_000, 3_000));
        table.measured(EngineKind.ROCKSDB, measurement(1_000, 5_000_000, 4_000));

        String md = table.toMarkdown();

        assertThat(md).contains("| row | ops per engine | ringkv ops/s | RocksDB ops/s | ringkv/RocksDB |");
        assertThat(md).contains("| fillrandom | 1,000 | 100,000 | 200,000 | 0.50 | 2.00 | 3.00 | 4.00 | 4.00 |");
        assertThat(md).contains("- `fillrandom`: " + Row.FILLRANDOM.description());
        assertThat(table.hasFailures()).isFalse();
    }

    @Test
    void failedEngineLeavesNoRatioAndIsListed() {
        ResultTable table = new ResultTable(List.of(EngineKind.RINGKV, EngineKind.ROCKSDB));
        table.begin(Row.READRANDOM1, "10");
        table.failed(EngineKind.RINGKV, "IOException: disk full");
        table.measured(EngineKind.ROCKSDB, measurement(10, 1_000_000, 1_500));

        String md = table.toMarkdown();

        assertThat(md).contains("| readrandom1 | 10 | failed | 10,000 | — | — | — | 1.50 | 1.50 |");
        assertThat(md).contains("- readrandom1 on ringkv: IOException: disk full");
        assertThat(table.hasFailures()).isTrue();
    }

    @Test
    void singleEngineTableHasNoRatioColumn() {
        ResultTable table = new ResultTable(List.of(EngineKind.ROCKSDB));
        table.begin(Row.SCAN10K, "1 × 10,000 keys");
        table.measured(EngineKind.ROCKSDB, measurement(10_000, 2_000_000, 2_000_000));

        String md = table.toMarkdown();

        assertThat(md).doesNotContain("ringkv");
        assertThat(md).contains("| scan10k | 1 × 10,000 keys | 5,000,000 | 2,001 | 2,001 |");
    }
}
