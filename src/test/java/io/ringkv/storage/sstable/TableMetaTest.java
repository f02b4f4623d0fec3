package io.ringkv.storage.sstable;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TableMetaTest {

    private static byte[] key(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void metaRoundTrips() throws CorruptionException {
        TableMeta meta = new TableMeta(10, 3, key("a"), key("z"), 5, 99, 1_700_000_000_000L, 4096);
        assertThat(TableMeta.decode(meta.encode())).isEqualTo(meta);
    }

    @Test
    void accumulatorCollectsCountsRangesAndEarliestExpiry() {
        TableMeta.Accumulator acc = new TableMeta.Accumulator();
        acc.add(Entry.put(key("a"), 7, key("1")));
        acc.add(Entry.delete(key("b"), 3));
        acc.add(new Entry(key("c"), 9, io.ringkv.storage.EntryKind.PUT, 500, key("3")));
        acc.add(new Entry(key("d"), 4, io.ringkv.storage.EntryKind.PUT, 200, key("4")));
        acc.addRawBlockBytes(123);
        assertThat(acc.toMeta()).isEqualTo(new TableMeta(4, 1, key("a"), key("d"), 3, 9, 200, 123));
    }

    @Test
    void emptyTableHasEmptyKeysAndNoExpiry() throws CorruptionException {
        TableMeta meta = new TableMeta.Accumulator().toMeta();
        assertThat(meta).isEqualTo(new TableMeta(0, 0, Entry.EMPTY, Entry.EMPTY, 0, 0, 0, 0));
        assertThat(TableMeta.decode(meta.encode())).isEqualTo(meta);
    }

    @Test
    void impossibleValuesAreRejected() {
        assertThatThrownBy(() -> TableMeta.decode(new TableMeta(1, 2, key("a"), key("a"), 1, 1, 0, 1).encode()))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("tombstones");
        assertThatThrownBy(() -> TableMeta.decode(new TableMeta(2, 0, key("b"), key("a"), 1, 1, 0, 1).encode()))
                .isInstanceOf(CorruptionException.class);
        byte[] encoded = new TableMeta(1, 0, key("a"), key("a"), 1, 1, 0, 1).encode();
        encoded[0] = 2;
        assertThatThrownBy(() -> TableMeta.decode(encoded))
                .isInstanceOf(CorruptionException.class)
                .hasMessageContaining("version 2");
    }
}
