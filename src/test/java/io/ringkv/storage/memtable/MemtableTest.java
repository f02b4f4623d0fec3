package io.ringkv.storage.memtable;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.storage.Entry;
import io.ringkv.storage.EntryIterator;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MemtableTest {
    private static byte[] key(int i) {
        return new byte[] {(byte) i};
    }

    @Test
    void newerVersionWinsWhateverTheInsertOrder() {
        Memtable m = new Memtable(1);
        m.add(Entry.put(key(1), 7, new byte[] {7}));
        m.add(Entry.put(key(1), 5, new byte[] {5}));
        assertThat(m.get(key(1)).value()).containsExactly(7);
        m.add(Entry.delete(key(1), 9));
        assertThat(m.get(key(1)).isTombstone()).isTrue();
    }

    @Test
    void iteratesInUnsignedKeyOrderWithinBounds() throws IOException {
        Memtable m = new Memtable(1);
        for (int i : new int[] {0x80, 0x01, 0xFF, 0x10}) {
            m.add(Entry.put(key(i), i, new byte[0]));
        }
        assertThat(keys(m.iterator(null, null))).containsExactly(0x01, 0x10, 0x80, 0xFF);
        assertThat(keys(m.iterator(key(0x10), key(0xFF)))).containsExactly(0x10, 0x80);
        assertThat(keys(m.iterator(key(0x90), key(0x20)))).isEmpty();
    }

    @Test
    void countsBytesAsItGrows() {
        Memtable m = new Memtable(1);
        assertThat(m.approximateBytes()).isZero();
        m.add(Entry.put(key(1), 1, new byte[1000]));
        assertThat(m.approximateBytes()).isGreaterThan(1000);
    }

    private static List<Integer> keys(EntryIterator it) throws IOException {
        List<Integer> keys = new ArrayList<>();
        for (Entry e = it.next(); e != null; e = it.next()) {
            keys.add(e.key()[0] & 0xFF);
        }
        return keys;
    }
}
