package io.ringkv.hash;

/**
 * The first 64 bits ({@code h1}) of MurmurHash3_x64_128, as in the reference implementation: the
 * hash of partition tokens and bloom filter probes.
 */
public final class Murmur3 {
    private static final long C1 = 0x87c37b91114253d5L;
    private static final long C2 = 0x4cf5ad432745937fL;

    private Murmur3() {}

    /** The hash of all of {@code data} with seed 0. */
    public static long hash64(byte[] data) {
        return hash64(data, 0, data.length, 0);
    }

    /** The hash of {@code data[offset, offset + length)} with {@code seed} (used for both halves). */
    public static long hash64(byte[] data, int offset, int length, long seed) {
        if (offset < 0 || length < 0 || offset > data.length - length) {
            throw new IndexOutOfBoundsException(
                    "range [" + offset + ", " + offset + "+" + length + ") of " + data.length + " bytes");
        }
        long h1 = seed;
        long h2 = seed;
        int blocks = length >>> 4;
        for (int i = 0; i < blocks; i++) {
            int at = offset + (i << 4);
            long k1 = littleEndianLong(data, at);
            long k2 = littleEndianLong(data, at + 8);

            h1 ^= mixK1(k1);
            h1 = Long.rotateLeft(h1, 27);
            h1 += h2;
            h1 = h1 * 5 + 0x52dce729;

            h2 ^= mixK2(k2);
            h2 = Long.rotateLeft(h2, 31);
            h2 += h1;
            h2 = h2 * 5 + 0x38495ab5;
        }

        int tail = offset + (blocks << 4);
        long k1 = 0;
        long k2 = 0;
        // Fall-through on purpose: each case adds one more tail byte, as in the reference.
        switch (length & 15) {
            case 15:
                k2 ^= (data[tail + 14] & 0xffL) << 48;
            case 14:
                k2 ^= (data[tail + 13] & 0xffL) << 40;
            case 13:
                k2 ^= (data[tail + 12] & 0xffL) << 32;
            case 12:
                k2 ^= (data[tail + 11] & 0xffL) << 24;
            case 11:
                k2 ^= (data[tail + 10] & 0xffL) << 16;
            case 10:
                k2 ^= (data[tail + 9] & 0xffL) << 8;
            case 9:
                k2 ^= data[tail + 8] & 0xffL;
                h2 ^= mixK2(k2);
            case 8:
                k1 ^= (data[tail + 7] & 0xffL) << 56;
            case 7:
                k1 ^= (data[tail + 6] & 0xffL) << 48;
            case 6:
                k1 ^= (data[tail + 5] & 0xffL) << 40;
            case 5:
                k1 ^= (data[tail + 4] & 0xffL) << 32;
            case 4:
                k1 ^= (data[tail + 3] & 0xffL) << 24;
            case 3:
                k1 ^= (data[tail + 2] & 0xffL) << 16;
            case 2:
                k1 ^= (data[tail + 1] & 0xffL) << 8;
            case 1:
                k1 ^= data[tail] & 0xffL;
                h1 ^= mixK1(k1);
            default:
                break;
        }

        h1 ^= length;
        h2 ^= length;
        h1 += h2;
        h2 += h1;
        h1 = fmix(h1);
        h2 = fmix(h2);
        h1 += h2;
        return h1;
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
        return (b[at] & 0xffL)
                | (b[at + 1] & 0xffL) << 8
                | (b[at + 2] & 0xffL) << 16
                | (b[at + 3] & 0xffL) << 24
                | (b[at + 4] & 0xffL) << 32
                | (b[at + 5] & 0xffL) << 40
                | (b[at + 6] & 0xffL) << 48
                | (b[at + 7] & 0xffL) << 56;
    }
}
