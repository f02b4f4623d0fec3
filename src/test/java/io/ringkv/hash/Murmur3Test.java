package io.ringkv.hash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Murmur3Test {
    /** h1 of MurmurHash3_x64_128 of {@link #pattern(int)} for lengths 0..32, seed 0 (reference values). */
    private static final long[] PATTERN_SEED_0 = {
        0x0000000000000000L, 0xa46bd16248e551c3L, 0xe3304859fea69b98L, 0x1992c2c31158994dL,
        0x41bff0560ab0f92cL, 0x183680d3a1474632L, 0x27a4dff7f4cce6a9L, 0xcf7b85bf8584968dL,
        0x8c77ad3171d401d8L, 0xefc048af822f9d54L, 0xed12443dc33f2dc6L, 0x1b496dd0a682698aL,
        0x1136832c61247ef8L, 0xe630146d9dc7d022L, 0x208aae7e1f6f34e7L, 0x1237ca845d4c1800L,
        0x015deb6369b72afbL, 0x067f69ffe052646eL, 0xb52a5242afb4d50bL, 0x5593143fd05b4de2L,
        0xabd939555a067bf2L, 0xf53f451fda48c62bL, 0xd2db9b951d9c3a55L, 0x6243d84e98142aa4L,
        0x8073d71cf8f630eeL, 0xcb68d2f26fddbbf9L, 0xd9e854609b5fd691L, 0x9dd3449798ce90ddL,
        0x4769b5791d1003b0L, 0x0621fa9baf2ff8c6L, 0xe770e91419644dbdL, 0xb01845ebc1e4df7cL,
        0x5fcf6f12a39e0ca6L
    };

    /** The same inputs with seed 42. */
    private static final long[] PATTERN_SEED_42 = {
        0xf02aa77dfa1b8523L, 0xe249a294a45ea5b9L, 0x79d44abee9471502L, 0x7138a1a4e6bff559L,
        0x78911de639afb336L, 0xd910ff3d7a4b3596L, 0x279d93b63ec31812L, 0x3532619d2a8a26f1L,
        0x732ba33775a617cfL, 0xea30b2d8ced28139L, 0xf4e1ceeb9aa689f9L, 0x2bcb1bfb1592a3c2L,
        0x487fec2dd358f5c4L, 0x84f5a9c26ecfd91aL, 0x9ac7cdcfaac49255L, 0xddb08ebd6fb7b3b0L,
        0x9034ad7c11899189L, 0x907cd3116b67935dL, 0x93c387051de925f4L, 0xd67ac30a82758307L,
        0x277c986342db5acdL, 0x918da837ad7d1a25L, 0xf9c141049d5a9265L, 0x738973c304b97a2cL,
        0xd9ecba4583898803L, 0x20c529db8b6a80baL, 0xe17ddf6dd65c061aL, 0xbebe9c4a8e405865L,
        0x66f056e1aa665638L, 0x8f6db6ad7649ffcaL, 0xad03f56bb10e0d6bL, 0x736e11a52dd3aba3L,
        0x804c938804e7a4abL
    };

    /** Bytes with the high bit set in most positions, so sign handling of tail bytes is exercised. */
    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 37 + 200);
        }
        return b;
    }

    @Test
    void quickBrownFoxMatchesTheReferenceVector() {
        byte[] fox = "The quick brown fox jumps over the lazy dog".getBytes(StandardCharsets.US_ASCII);
        // x64_128 is 6c1b07bc7bbc4be3 47939ac4a93c437a; h1 is the first eight bytes read little-endian.
        assertThat(Murmur3.hash64(fox)).isEqualTo(0xe34bbc7bbc071b6cL);
    }

    @Test
    void emptyInputWithSeedZeroHashesToZero() {
        assertThat(Murmur3.hash64(new byte[0])).isZero();
    }

    @Test
    void everyTailLengthMatchesTheReferenceWithSeedZeroAndSeed42() {
        for (int n = 0; n < PATTERN_SEED_0.length; n++) {
            assertThat(Murmur3.hash64(pattern(n))).as("length %d seed 0", n).isEqualTo(PATTERN_SEED_0[n]);
            assertThat(Murmur3.hash64(pattern(n), 0, n, 42))
                    .as("length %d seed 42", n)
                    .isEqualTo(PATTERN_SEED_42[n]);
        }
    }

    @Test
    void offsetAndLengthHashOnlyTheirSliceForAllTailLengths() {
        long seed = 7;
        Random random = new Random(seed);
        for (int length = 0; length < 48; length++) {
            byte[] slice = new byte[length];
            random.nextBytes(slice);
            int before = random.nextInt(9);
            byte[] padded = new byte[before + length + random.nextInt(9)];
            random.nextBytes(padded);
            System.arraycopy(slice, 0, padded, before, length);

            assertThat(Murmur3.hash64(padded, before, length, 0))
                    .as("seed %d length %d offset %d", seed, length, before)
                    .isEqualTo(Murmur3.hash64(slice))
                    .isEqualTo(Murmur3.hash64(Arrays.copyOfRange(padded, before, before + length)));
        }
    }

    @Test
    void rangeOutsideTheArrayIsRejected() {
        assertThatThrownBy(() -> Murmur3.hash64(new byte[4], 2, 3, 0)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> Murmur3.hash64(new byte[4], -1, 1, 0)).isInstanceOf(IndexOutOfBoundsException.class);
    }
}
