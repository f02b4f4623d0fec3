package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TableBuilderTest {
    private final SimFileIO io = new SimFileIO();
    private final Path dir = Path.of("/data");
    private final Path path = dir.resolve("7.sst");

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @BeforeEach
    void createDirectory() throws IOException {
        io.createDirectories(dir);
    }

    @Test
    void keysOutOfOrderAreRejectedNamingBothKeys() throws IOException {
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.LZ4, 10);
        builder.add(Entry.put(key("b"), 1, key("x")));
        assertThatThrownBy(() -> builder.add(Entry.put(key("a"), 2, key("y"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0x61")
                .hasMessageContaining("0x62");
        assertThatThrownBy(() -> builder.add(Entry.put(key("b"), 2, key("y"))))
                .as("a table holds one entry per key")
                .isInstanceOf(IllegalArgumentException.class);
        builder.abandon();
    }

    @Test
    void finishLeavesOnlyTheFinalFileDurably() throws IOException {
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.LZ4, 10);
        builder.add(Entry.put(key("a"), 1, key("x")));
        assertThat(io.exists(TableBuilder.tempPath(path))).isTrue();
        TableInfo info = builder.finish();

        io.crash();
        assertThat(io.list(dir)).containsExactly("7.sst");
        assertThat(io.length(path)).isEqualTo(info.fileSize());
        assertThatThrownBy(() -> builder.add(Entry.put(key("b"), 2, key("y"))))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abandonDeletesTheTemporaryFile() throws IOException {
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.LZ4, 10);
        builder.add(Entry.put(key("a"), 1, key("x")));
        builder.abandon();
        assertThat(io.list(dir)).isEmpty();
    }

    @Test
    void failedFinishCanBeAbandoned() throws IOException {
        io.failForce(p -> p.equals(TableBuilder.tempPath(path)));
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.LZ4, 10);
        builder.add(Entry.put(key("a"), 1, key("x")));
        assertThatThrownBy(builder::finish).isInstanceOf(IOException.class);
        builder.abandon();
        assertThat(io.list(dir)).isEmpty();
    }

    @Test
    void entriesAreAppendedThroughABufferNotOneByOne() throws IOException {
        TreeMap<byte[], Entry> model = TestEntries.random(new Random(5), 5_000);
        long before = io.mutations();
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.NONE, 10);
        for (Entry entry : model.values()) {
            builder.add(entry);
        }
        TableInfo info = builder.finish();
        long appends = io.mutations() - before - 4; // create, force, rename, directory force
        long bufferFulls = info.fileSize() / BlockWriter.BUFFER_BYTES + 1;
        assertThat(appends).isBetween(1L, 2 * bufferFulls);
    }

    @Test
    void emptyTableOpensAndContainsNothing() throws IOException {
        TableInfo info = new TableBuilder(io, path, 4096, Compression.LZ4, 10).finish();
        assertThat(info.isEmpty()).isTrue();
        BlockCache cache = new BlockCache(1 << 16, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, Metrics.noop())) {
            assertThat(reader.info()).isEqualTo(info);
            assertThat(reader.get(key("a"))).isNull();
            assertThat(reader.get(new byte[0])).isNull();
            assertThat(reader.mayContain(key("a"))).isFalse();
            try (EntryIterator it = reader.iterator(null, null, true)) {
                assertThat(it.next()).isNull();
            }
        }
    }

    @Test
    void emptyKeyAndEmptyValueRoundTrip() throws IOException {
        TableBuilder builder = new TableBuilder(io, path, 4096, Compression.LZ4, 10);
        builder.add(Entry.put(new byte[0], 1, new byte[0]));
        builder.add(Entry.delete(key("z"), 2));
        builder.finish();
        BlockCache cache = new BlockCache(1 << 16, Runnable::run, new SimClock());
        try (TableReader reader = TableReader.open(io, path, 1, cache, Metrics.noop())) {
            assertThat(reader.get(new byte[0]).sequence()).isEqualTo(1);
            assertThat(reader.get(key("z")).isTombstone()).isTrue();
        }
    }

    @Test
    void badSettingsAreRejectedNamingTheValue() {
        assertThatThrownBy(() -> new TableBuilder(io, path, 10, Compression.LZ4, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("blockBytes")
                .hasMessageContaining("10");
        assertThatThrownBy(() -> new TableBuilder(io, path, 4096, Compression.LZ4, 0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("bitsPerKey");
    }
}
