package io.ringkv.bench;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Keys and values of the workloads: 16-byte keys that sort in index order, and 100-byte values
 * made of 50 random bytes written twice, so they compress to about half (db_bench's
 * compression ratio 0.5).
 */
final class BenchData {
    static final int KEY_BYTES = 16;
    static final int VALUE_BYTES = 100;
    private static final int POOL_BYTES = 1 << 20;

    /**
     * Values are slices of this pool, as in db_bench: a 4 KiB block holds values from different
     * slots, so compression cannot reuse bytes of neighbouring values.
     */
    private final byte[] pool;

    private final int slots;

    BenchData(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        slots = POOL_BYTES / VALUE_BYTES;
        pool = new byte[slots * VALUE_BYTES];
        byte[] half = new byte[VALUE_BYTES / 2];
        for (int slot = 0; slot < slots; slot++) {
            random.nextBytes(half);
            System.arraycopy(half, 0, pool, slot * VALUE_BYTES, half.length);
            System.arraycopy(half, 0, pool, slot * VALUE_BYTES + half.length, half.length);
        }
    }

    /** Bytes 0-7 the index big-endian (so keys sort by index), bytes 8-15 a hash of it. */
    static byte[] key(long index) {
        byte[] key = new byte[KEY_BYTES];
        putLong(key, 0, index);
        putLong(key, 8, mix(index));
        return key;
    }

    /** The index a key was made from. */
    static long index(byte[] key) {
        long index = 0;
        for (int i = 0; i < 8; i++) {
            index = (index << 8) | (key[i] & 0xFF);
        }
        return index;
    }

    /** A fresh array each call: an engine may keep the array it is given. */
    byte[] value(long index) {
        int from = (int) Math.floorMod(index, (long) slots) * VALUE_BYTES;
        return Arrays.copyOfRange(pool, from, from + VALUE_BYTES);
    }

    /** Whether {@code value} is the value {@link #value} makes for {@code index}. */
    boolean isValueOf(long index, byte[] value) {
        int from = (int) Math.floorMod(index, (long) slots) * VALUE_BYTES;
        return Arrays.equals(value, 0, value.length, pool, from, from + VALUE_BYTES);
    }

    /** 0..n-1 in a random order fixed by {@code seed}. */
    static int[] permutation(int n, long seed) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        SplittableRandom random = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return order;
    }

    private static void putLong(byte[] into, int at, long v) {
        for (int i = 7; i >= 0; i--) {
            into[at + i] = (byte) v;
            v >>>= 8;
        }
    }

    /** SplitMix64's finaliser. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
