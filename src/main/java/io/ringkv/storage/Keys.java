package io.ringkv.storage;

import java.util.Arrays;
import java.util.Comparator;

/** Key order: unsigned lexicographic bytes, the order of every table and iterator. */
public final class Keys {
    /** Orders keys ascending. */
    public static final Comparator<byte[]> ORDER = Arrays::compareUnsigned;

    /** Orders entries by key ascending, then sequence descending (newest first). */
    public static final Comparator<Entry> ENTRY_ORDER = (a, b) -> {
        int c = Arrays.compareUnsigned(a.key(), b.key());
        return c != 0 ? c : Long.compare(b.sequence(), a.sequence());
    };

    private Keys() {}

    public static int compare(byte[] a, byte[] b) {
        return Arrays.compareUnsigned(a, b);
    }

    /** True when {@code key} is in [{@code from}, {@code to}); a null bound is open. */
    public static boolean inRange(byte[] key, byte[] from, byte[] to) {
        return (from == null || compare(key, from) >= 0) && (to == null || compare(key, to) < 0);
    }
}
