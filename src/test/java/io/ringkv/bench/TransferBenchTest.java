package io.ringkv.bench;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transfer benchmark runs end to end on a small range (it fails when the receiver misses an object). */
class TransferBenchTest {
    @TempDir
    Path dir;

    @Test
    void aSmallRangeStreamsWhole() {
        assertThatCode(() -> TransferBench.main(new String[] {
                    "--mb=2", "--value-bytes=500", "--chunk-bytes=65536", "--dir=" + dir.resolve("transfer")
                }))
                .doesNotThrowAnyException();
    }
}
