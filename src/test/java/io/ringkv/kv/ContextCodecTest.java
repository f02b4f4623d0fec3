package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ContextCodecTest {
    private static final int CASES = 3_000;

    @Test
    void randomContextsRoundTripAsUrlSafeUnpaddedText() throws EncodingException {
        for (int i = 0; i < CASES; i++) {
            long seed = 0xC7L + i;
            VersionVector vector = RandomObjects.vector(new Random(seed));
            String header = ContextCodec.encode(vector);
            assertThat(header).as("seed %d", seed).matches("[A-Za-z0-9_-]+");
            assertThat(ContextCodec.decode(header)).as("seed %d", seed).isEqualTo(vector);
        }
    }

    @Test
    void emptyContextEncodesAndDecodes() throws EncodingException {
        String header = ContextCodec.encode(VersionVector.EMPTY);
        assertThat(header).isEqualTo("AQDiw--l"); // as documented in docs/objects.md
        assertThat(ContextCodec.decode(header)).isEqualTo(VersionVector.EMPTY);
    }

    @Test
    void rejectsMissingNonBase64TamperedAndOverlongHeaders() {
        assertThatThrownBy(() -> ContextCodec.decode(null)).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> ContextCodec.decode("")).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> ContextCodec.decode("not base64!"))
                .isInstanceOf(EncodingException.class)
                .hasMessage("context is not valid base64");
        byte[] bytes = Base64.getUrlDecoder().decode(ContextCodec.encode(VersionVector.of(Map.of("a", 3L))));
        bytes[5] ^= 1;
        String tampered = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThatThrownBy(() -> ContextCodec.decode(tampered)).hasMessageContaining("context checksum mismatch");
        assertThatThrownBy(() -> ContextCodec.decode("A".repeat(ContextCodec.MAX_HEADER_CHARS + 1)))
                .hasMessageContaining("more than " + ContextCodec.MAX_HEADER_CHARS);
        bytes[0] = 2;
        String version = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThatThrownBy(() -> ContextCodec.decode(version)).hasMessageContaining("version 2");
    }

    @Test
    void randomStringsFailOnlyWithEncodingException() {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_=+/ é";
        for (int i = 0; i < CASES; i++) {
            long seed = 0x57L + i;
            Random random = new Random(seed);
            StringBuilder header = new StringBuilder();
            int length = random.nextInt(40);
            for (int j = 0; j < length; j++) {
                header.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            decodeOrEncodingException(header.toString(), seed);
        }
    }

    @Test
    void mutatedEncodingsFailOnlyWithEncodingException() {
        for (int i = 0; i < CASES; i++) {
            long seed = 0x3CL + i;
            Random random = new Random(seed);
            byte[] valid = Base64.getUrlDecoder().decode(ContextCodec.encode(RandomObjects.vector(random)));
            byte[] mutated = RandomObjects.mutate(valid, random);
            if (random.nextBoolean() && mutated.length >= 5) {
                CRC32C crc = new CRC32C();
                crc.update(mutated, 0, mutated.length - 4);
                ByteBuffer.wrap(mutated).putInt(mutated.length - 4, (int) crc.getValue());
            }
            decodeOrEncodingException(Base64.getUrlEncoder().withoutPadding().encodeToString(mutated), seed);
        }
    }

    private static void decodeOrEncodingException(String header, long seed) {
        try {
            VersionVector decoded = ContextCodec.decode(header);
            assertThat(ContextCodec.encode(decoded)).as("seed %d", seed).isEqualTo(header);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).as("seed %d", seed).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": decode threw " + e, e);
        }
    }
}
