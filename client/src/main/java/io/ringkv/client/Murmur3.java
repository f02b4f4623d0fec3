package io.ringkv.client;

/**
 * The first 64 bits ({@code h1}) of MurmurHash3_x64_128 with seed 0, as the server computes them
 * (its {@code io.ringkv.hash.Murmur3}): the client places keys on the ring with it. Equality with
 * the server's code is checked on both sides against {@code partition-vectors.tsv}.
 */
final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    static long hash64(byte[] data) {
        int length = data.length;
        long h1 = 0;
        long h2 = 0;
        int blocks = length >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = i << 4;
            h1 ^= mixK1(littleEndianLong(data, at));
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;

            h2 ^= mixK2(littleEndianLong(data, at + 8));
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }
        int tail = blocks << 4;
        int rest = length & 15;
        if (rest > 8) {
            long k2 = 0;
            for (int i = rest - 1; i >= 8; i--) {
                k2 ^= (data[tail + i] & 0xffL) << ((i - 8) * 8);
            }
            h2 ^= mixK2(k2);
        }
        if (rest > 0) {
            long k1 = 0;
            for (int i = Math.min(rest, 8) - 1; i >= 0; i--) {
                k1 ^= (data[tail + i] & 0xffL) << (i * 8);
            }
            h1 ^= mixK1(k1);
        }
        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        return h1 + h2;
    }

    private static long mixK1(long k1) {
        k1 *= C1;
        k1 = Long.rotateLeft(k1, 31);
        return k1 * C2;
    }

    private static long mixK2(long k2) {
        k2 *= C2;
        k2 = Long.rotateLeft(k2, 33);
        return k2 * C1;
    }

    private static long fmix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }

    private static long littleEndianLong(byte[] b, int at) {
        long v = 0;
        for (int i = 7; i >= 0; i--) {
            v = (v << 8) | (b[at + i] & 0xffL);
        }
        return v;
    }
}
