package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** A damaged table fails loudly: every flipped byte is a CorruptionException, never a wrong answer. */
class TableCorruptionTest {

    @ParameterizedTest
    @EnumSource(Compression.class)
    void everyFlippedByteFailsWithCorruptionOrReadsCorrectly(Compression compression) throws IOException {
        long seed = 303;
        TreeMap<byte[], Entry> model = TestEntries.random(new Random(seed), 60);
        SimFileIO io = new SimFileIO();
        Path dir = Path.of("/data");
        io.createDirectories(dir);
        Path path = dir.resolve("1.sst");
        TableBuilder builder = new TableBuilder(io, path, 256, compression, 10);
        for (Entry entry : model.values()) {
            builder.add(entry);
        }
        long fileSize = builder.finish().fileSize();
        byte[] absent = "absent-key".getBytes(StandardCharsets.UTF_8);
        BlockCache noCache = new BlockCache(0, Runnable::run, new SimClock());

        int failedAtOpen = 0;
        int failedAtRead = 0;
        for (long position = 0; position < fileSize; position++) {
            io.flipByte(path, position);
            TableReader reader;
            try {
                reader = TableReader.open(io, path, 1, noCache, Metrics.noop());
            } catch (CorruptionException expected) {
                failedAtOpen++;
                io.flipByte(path, position);
                continue;
            }
            boolean detected = false;
            try (reader) {
                for (Entry expected : model.values()) {
                    try {
                        assertThat(TestEntries.describe(reader.get(expected.key())))
                                .as("seed %d flip at %d", seed, position)
                                .isEqualTo(TestEntries.describe(expected));
                    } catch (CorruptionException e) {
                        detected = true;
                    }
                }
                try {
                    assertThat(reader.get(absent)).isNull();
                    assertThat(TableRoundTripTest.scan(reader, null, null, false))
                            .as("seed %d flip at %d", seed, position)
                            .containsExactlyElementsOf(TableRoundTripTest.expectedRange(model, null, null));
                } catch (CorruptionException e) {
                    detected = true;
                }
            }
            assertThat(detected)
                    .as("flip at %d of %d opened cleanly, so it must have been caught on read", position, fileSize)
                    .isTrue();
            failedAtRead++;
            io.flipByte(path, position);
        }
        assertThat(failedAtOpen + failedAtRead).isEqualTo(fileSize);
        assertThat(failedAtRead)
                .as("flips in data blocks are found when the block is read")
                .isPositive();
    }
}
