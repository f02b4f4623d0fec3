package io.ringkv.storage.sstable;

import io.ringkv.hash.Murmur3;
import java.util.Arrays;

/**
 * Builds a bloom filter over a table's keys. Encoding: {@code u8 version (1), u8 probeCount,
 * u32 bitCount, ceil(bitCount / 8) bytes of bits} (bit {@code i} is bit {@code i % 8} of byte
 * {@code i / 8}). Probes use double hashing of {@link Murmur3#hash64(byte[])}: probe {@code i}
 * sets bit {@code (h1 + i * h2) mod bitCount}, with {@code h1} the low and {@code h2} the high
 * 32 bits of the hash.
 */
public final class BloomFilterBuilder {
    static final int VERSION = 1;
    static final int HEADER_SIZE = 6;
    static final int MIN_BITS = 64;
    static final int MAX_PROBES = 30;

    private final int bitsPerKey;
    private final int probes;
    private long[] hashes = new long[1024];
    private int count;

    public BloomFilterBuilder(int bitsPerKey) {
        if (bitsPerKey < 1) {
            throw new IllegalArgumentException("bitsPerKey must be at least 1, was " + bitsPerKey);
        }
        this.bitsPerKey = bitsPerKey;
        // bitsPerKey * ln 2 probes minimise the false-positive rate for a given size.
        this.probes = (int) Math.max(1, Math.min(MAX_PROBES, Math.round(bitsPerKey * Math.log(2))));
    }

    public void addKey(byte[] key) {
        addHash(Murmur3.hash64(key));
    }

    /** Adds a key by its {@link Murmur3#hash64(byte[])}, when the caller has it already. */
    public void addHash(long hash) {
        if (count == hashes.length) {
            hashes = Arrays.copyOf(hashes, count * 2);
        }
        hashes[count++] = hash;
    }

    public int probeCount() {
        return probes;
    }

    /** Bytes {@link #finish()} would return now. */
    public int estimatedSize() {
        return HEADER_SIZE + (bitCount() + 7) / 8;
    }

    public byte[] finish() {
        int bitCount = bitCount();
        byte[] encoded = new byte[HEADER_SIZE + (bitCount + 7) / 8];
        encoded[0] = VERSION;
        encoded[1] = (byte) probes;
        encoded[2] = (byte) bitCount;
        encoded[3] = (byte) (bitCount >>> 8);
        encoded[4] = (byte) (bitCount >>> 16);
        encoded[5] = (byte) (bitCount >>> 24);
        for (int k = 0; k < count; k++) {
            long hash = hashes[k];
            int h1 = (int) hash;
            int h2 = (int) (hash >>> 32);
            for (int i = 0; i < probes; i++) {
                int bit = BloomFilter.probe(h1, h2, i, bitCount);
                encoded[HEADER_SIZE + (bit >>> 3)] |= (byte) (1 << (bit & 7));
            }
        }
        return encoded;
    }

    private int bitCount() {
        // Capped so the bit array stays a Java array; a table that large has bigger problems.
        long bits = Math.max(MIN_BITS, (long) count * bitsPerKey);
        return (int) Math.min(bits, Integer.MAX_VALUE - 64L);
    }
}
