package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The repair benchmark runs end to end on a small data set (it fails when a repair does). */
class RepairBenchTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRunRepairsEveryDifferingKey() {
        assertThatCode(() -> RepairBench.main(
                        new String[] {"--keys=5000", "--partitions=16", "--diffs=1,50", "--dir=" + dir.resolve("repair")
                        }))
                .doesNotThrowAnyException();
    }
}
