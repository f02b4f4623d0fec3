package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class BucketPropsCodecTest {
    private static final long SEED = 4242L;

    private static Quorum randomQuorum(Random random, int n, int min) {
        return switch (random.nextInt(4)) {
            case 0 -> Quorum.ONE;
            case 1 -> Quorum.QUORUM;
            case 2 -> Quorum.ALL;
            default -> Quorum.of(min + random.nextInt(n - min + 1));
        };
    }

    private static BucketProps randomProps(Random random) {
        int n = 1 + random.nextInt(BucketProps.MAX_N);
        BucketProps props = new BucketProps(
                n,
                randomQuorum(random, n, 1),
                randomQuorum(random, n, 1),
                randomQuorum(random, n, 0),
                randomQuorum(random, n, 0),
                randomQuorum(random, n, 0),
                ConflictResolution.values()[random.nextInt(2)],
                random.nextBoolean(),
                random.nextBoolean() ? 0 : (long) (random.nextDouble() * BucketProps.MAX_TTL_SECONDS));
        assertThat(props.problems()).isEmpty();
        return props;
    }

    /** Valid encodings of every shape: null, defaults, extremes and random props. */
    private static List<byte[]> validEncodings() {
        Random random = new Random(SEED);
        List<byte[]> out = new ArrayList<>();
        out.add(BucketPropsCodec.encode(null));
        out.add(BucketPropsCodec.encode(BucketProps.DEFAULTS));
        out.add(BucketPropsCodec.encode(new BucketProps(
                16,
                Quorum.of(16),
                Quorum.of(1),
                Quorum.of(16),
                Quorum.of(0),
                Quorum.ALL,
                ConflictResolution.LWW,
                false,
                BucketProps.MAX_TTL_SECONDS)));
        for (int i = 0; i < 5; i++) {
            out.add(BucketPropsCodec.encode(randomProps(random)));
        }
        return out;
    }

    private static byte[] withFreshCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void decodeExpectingOnlyEncodingException(byte[] bytes, String what) {
        try {
            BucketPropsCodec.decode(bytes);
        } catch (EncodingException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail(what + " (seed " + SEED + ") " + HexFormat.of().formatHex(bytes) + " threw " + e, e);
        }
    }

    @Test
    void propsRoundTrip() throws EncodingException {
        Random random = new Random(SEED);
        assertThat(BucketPropsCodec.decode(BucketPropsCodec.encode(BucketProps.DEFAULTS)))
                .isEqualTo(BucketProps.DEFAULTS);
        for (int i = 0; i < 1000; i++) {
            BucketProps props = randomProps(random);
            assertThat(BucketPropsCodec.decode(BucketPropsCodec.encode(props)))
                    .as("seed %d", SEED)
                    .isEqualTo(props);
        }
    }

    @Test
    void aBucketKnownWithoutPropsRoundTripsAsNull() throws EncodingException {
        byte[] encoded = BucketPropsCodec.encode(null);
        assertThat(encoded).hasSize(6);
        assertThat(encoded[0]).isEqualTo((byte) BucketPropsCodec.FORMAT_VERSION);
        assertThat(BucketPropsCodec.decode(encoded)).isNull();
    }

    @Test
    void layoutIsAsDocumented() {
        byte[] encoded = BucketPropsCodec.encode(BucketProps.DEFAULTS);
        assertThat(encoded).hasSize(26);
        assertThat(encoded[0]).isEqualTo((byte) 1); // version
        assertThat(encoded[1]).isEqualTo((byte) 3); // has props | sloppy
        assertThat(encoded[2]).isEqualTo((byte) 3); // n
        assertThat(encoded[3]).isEqualTo((byte) Quorum.Kind.QUORUM.ordinal()); // r kind
    }

    @Test
    void everySingleByteChangeIsDetected() {
        for (byte[] valid : validEncodings()) {
            for (int pos = 0; pos < valid.length; pos++) {
                for (int mask = 1; mask < 256; mask++) {
                    byte[] bytes = valid.clone();
                    bytes[pos] ^= (byte) mask;
                    int p = pos;
                    assertThatThrownBy(() -> BucketPropsCodec.decode(bytes))
                            .as("byte %d of %s xor %d", p, HexFormat.of().formatHex(valid), mask)
                            .isInstanceOf(EncodingException.class);
                }
            }
        }
    }

    @Test
    void everyTruncationAndExtensionIsRefused() {
        for (byte[] valid : validEncodings()) {
            for (int length = 0; length < valid.length; length++) {
                byte[] cut = Arrays.copyOf(valid, length);
                assertThatThrownBy(() -> BucketPropsCodec.decode(cut))
                        .as("first %d bytes of %s", length, HexFormat.of().formatHex(valid))
                        .isInstanceOf(EncodingException.class);
            }
            byte[] longer = Arrays.copyOf(valid, valid.length + 1);
            assertThatThrownBy(() -> BucketPropsCodec.decode(longer)).isInstanceOf(EncodingException.class);
        }
    }

    @Test
    void wellChecksummedButMeaninglessContentIsRefused() {
        byte[] valid = BucketPropsCodec.encode(BucketProps.DEFAULTS);
        List<String> messages = new ArrayList<>();
        int[][] edits = {
            {0, 2}, // version 2
            {1, 0}, // no props flag but props length
            {1, 9}, // unknown flag bit
            {2, 0}, // n = 0
            {2, 17}, // n above the maximum
            {3, 4}, // unknown quorum kind for r
            {3, 3}, // r as the number 0 (its count byte is 0)
            {13, 2}, // unknown conflict resolution
            {14, 0x80}, // negative TTL
        };
        for (int[] edit : edits) {
            byte[] bytes = valid.clone();
            bytes[edit[0]] = (byte) edit[1];
            withFreshCrc(bytes);
            try {
                BucketPropsCodec.decode(bytes);
                fail("decoded byte " + edit[0] + " = " + edit[1]);
            } catch (EncodingException e) {
                messages.add(e.getMessage());
            }
        }
        assertThat(messages).anyMatch(m -> m.contains("version 2"));
        assertThat(messages).anyMatch(m -> m.contains("flags"));
        assertThat(messages).anyMatch(m -> m.contains("quorum kind 4"));
        assertThat(messages).anyMatch(m -> m.contains("conflict resolution 2"));
        assertThat(messages).anyMatch(m -> m.contains("invalid"));

        byte[] noProps = BucketPropsCodec.encode(null);
        noProps[1] = 1; // props flag on a short entry
        withFreshCrc(noProps);
        assertThatThrownBy(() -> BucketPropsCodec.decode(noProps))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("flags");
    }

    @Test
    void arbitraryBytesOnlyEverFailWithEncodingException() {
        Random random = new Random(SEED);
        for (int i = 0; i < 5000; i++) {
            int length =
                    switch (random.nextInt(3)) {
                        case 0 -> random.nextInt(40);
                        case 1 -> 6;
                        default -> 26;
                    };
            byte[] bytes = new byte[length];
            random.nextBytes(bytes);
            if (length >= 4 && random.nextBoolean()) {
                bytes[0] = 1; // right version, so decoding goes further
                withFreshCrc(bytes);
            }
            decodeExpectingOnlyEncodingException(bytes, "random case " + i);
        }
    }

    @Test
    void mutatedValidEncodingsOnlyEverFailWithEncodingException() {
        Random random = new Random(SEED);
        List<byte[]> valid = validEncodings();
        for (int i = 0; i < 5000; i++) {
            byte[] bytes = valid.get(random.nextInt(valid.size())).clone();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                bytes[random.nextInt(bytes.length - 4)] = (byte) random.nextInt(256);
            }
            withFreshCrc(bytes); // get past the checksum to the field checks
            decodeExpectingOnlyEncodingException(bytes, "mutation " + i);
        }
    }
}
