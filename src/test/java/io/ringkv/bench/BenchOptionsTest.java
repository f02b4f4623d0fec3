package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BenchOptionsTest {

    @Test
    void defaultsRunEveryRowOnBothEnginesWithAMillionOps() {
        BenchOptions o = BenchOptions.parse();

        assertThat(o.ops()).isEqualTo(1_000_000);
        assertThat(o.syncOps()).isEqualTo(20_000);
        assertThat(o.warmupOps()).isEqualTo(100_000);
        assertThat(o.engines()).containsExactlyInAnyOrder(EngineKind.values());
        assertThat(o.rows()).containsExactly(Row.values());
        assertThat(o.dir()).isEqualTo(Path.of("target", "bench-data"));
    }

    @Test
    void optionsSelectSizesEnginesRowsAndDirectory() {
        BenchOptions o = BenchOptions.parse(
                "--ops=10_000", "--sync-ops=50", "--only=rocksdb", "--rows=scan10k,fillsync8", "--dir=/tmp/x");

        assertThat(o.ops()).isEqualTo(10_000);
        assertThat(o.syncOps()).isEqualTo(50);
        assertThat(o.warmupOps()).isEqualTo(1_000);
        assertThat(o.engines()).isEqualTo(Set.of(EngineKind.ROCKSDB));
        assertThat(o.rows()).isEqualTo(List.of(Row.SCAN10K, Row.FILLSYNC8));
        assertThat(o.dir()).isEqualTo(Path.of("/tmp/x"));
    }

    @Test
    void badOptionsAreRejectedNamingTheCulprit() {
        assertThatThrownBy(() -> BenchOptions.parse("--only=leveldb")).hasMessageContaining("'leveldb'");
        assertThatThrownBy(() -> BenchOptions.parse("--rows=fillrandom,fillseq"))
                .hasMessageContaining("'fillseq'");
        assertThatThrownBy(() -> BenchOptions.parse("--ops=0")).hasMessageContaining("--ops must be at least 1");
        assertThatThrownBy(() -> BenchOptions.parse("--ops=lots")).hasMessageContaining("'lots'");
        assertThatThrownBy(() -> BenchOptions.parse("--threads=4")).hasMessageContaining("unknown option --threads");
        assertThatThrownBy(() -> BenchOptions.parse("ops=4")).hasMessageContaining("expected --name=value");
    }
}
