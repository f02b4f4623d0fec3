package io.ringkv.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class MergingIteratorTest {
    private static EntryIterator of(Entry... entries) {
        return EntryIterator.of(List.of(entries).iterator());
    }

    private static Entry put(int key, long seq) {
        return Entry.put(new byte[] {(byte) key}, seq, new byte[] {(byte) seq});
    }

    @Test
    void newestVersionOfEachKeyComesOnceInKeyOrder() throws IOException {
        MergingIterator merged = new MergingIterator(List.of(
                of(put(1, 30), put(3, 31)), of(put(1, 20), put(2, 21)), of(put(2, 10), put(3, 11), put(4, 12))));
        List<String> out = new ArrayList<>();
        for (Entry e = merged.next(); e != null; e = merged.next()) {
            out.add(e.key()[0] + "@" + e.sequence());
        }
        assertThat(out).containsExactly("1@30", "2@21", "3@31", "4@12");
    }

    @Test
    void tombstonesAreReturnedSoTheyCanShadow() throws IOException {
        MergingIterator merged = new MergingIterator(List.of(of(Entry.delete(new byte[] {1}, 9)), of(put(1, 3))));
        assertThat(merged.next().isTombstone()).isTrue();
        assertThat(merged.next()).isNull();
    }
}
