package io.ringkv.storage.sstable;

import io.ringkv.hash.Murmur3;
import io.ringkv.storage.CorruptionException;

/** A decoded bloom filter: says a key is certainly absent, or may be present. */
public final class BloomFilter {
    private final byte[] encoded;
    private final int probes;
    private final int bitCount;

    private BloomFilter(byte[] encoded, int probes, int bitCount) {
        this.encoded = encoded;
        this.probes = probes;
        this.bitCount = bitCount;
    }

    /** Decodes what {@link BloomFilterBuilder#finish()} wrote (not copied). */
    public static BloomFilter decode(byte[] encoded) throws CorruptionException {
        ByteReader in = new ByteReader(encoded, "bloom filter");
        int version = in.u8();
        if (version != BloomFilterBuilder.VERSION) {
            throw in.corrupt("unknown bloom filter version " + version, 0);
        }
        int probes = in.u8();
        if (probes < 1 || probes > BloomFilterBuilder.MAX_PROBES) {
            throw in.corrupt("probe count " + probes + " outside 1.." + BloomFilterBuilder.MAX_PROBES, 1);
        }
        int bitCount = in.u32();
        if (bitCount < 1 || (bitCount + 7L) / 8 != in.remaining()) {
            throw in.corrupt("bit count " + bitCount + " does not match " + in.remaining() + " bytes of bits", 2);
        }
        return new BloomFilter(encoded, probes, bitCount);
    }

    public boolean mayContain(byte[] key) {
        return mayContainHash(Murmur3.hash64(key));
    }

    /** {@link #mayContain} for a key whose {@link Murmur3#hash64(byte[])} is {@code hash}. */
    public boolean mayContainHash(long hash) {
        int h1 = (int) hash;
        int h2 = (int) (hash >>> 32);
        for (int i = 0; i < probes; i++) {
            int bit = probe(h1, h2, i, bitCount);
            if ((encoded[BloomFilterBuilder.HEADER_SIZE + (bit >>> 3)] & (1 << (bit & 7))) == 0) {
                return false;
            }
        }
        return true;
    }

    public int probeCount() {
        return probes;
    }

    public int bitCount() {
        return bitCount;
    }

    static int probe(int h1, int h2, int i, int bitCount) {
        int combined = h1 + i * h2;
        // Flipping the bits of a negative value keeps the result in [0, 2^31) without losing a bit.
        return (combined < 0 ? ~combined : combined) % bitCount;
    }
}
