package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import io.ringkv.kv.EncodingException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class KeyCursorTest {
    private static final long SEED = 777L;
    private static final String BASE64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

    private static byte[] raw(KeyCursor cursor) {
        return Base64.getUrlDecoder().decode(cursor.toToken());
    }

    private static String token(byte[] raw) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
    }

    private static byte[] withFreshCrc(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static void parseExpectingOnlyEncodingException(String token, String what) {
        try {
            KeyCursor.parse(token);
        } catch (EncodingException e) {
            assertThat(e.getMessage()).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail(what + " (seed " + SEED + ") '" + token + "' threw " + e, e);
        }
    }

    @Test
    void tokensRoundTrip() throws EncodingException {
        Random random = new Random(SEED);
        for (int partition : new int[] {0, 1, 255, 256, 65535}) {
            for (int length : new int[] {0, 1, 2, 3, 17, 1024, 3000}) {
                byte[] key = new byte[length];
                random.nextBytes(key);
                KeyCursor cursor = new KeyCursor(partition, key);
                String token = cursor.toToken();
                assertThat(token).hasSizeLessThanOrEqualTo(KeyCursor.MAX_TOKEN_LENGTH);
                assertThat(token.chars()).allMatch(c -> BASE64URL.indexOf(c) >= 0);
                KeyCursor parsed = KeyCursor.parse(token);
                assertThat(parsed).isEqualTo(cursor);
                assertThat(parsed.partition()).isEqualTo(partition);
                assertThat(parsed.key()).isEqualTo(key);
                assertThat(parsed.hashCode()).isEqualTo(cursor.hashCode());
            }
        }
    }

    @Test
    void equalityComparesKeyBytes() {
        byte[] k = "k".getBytes(StandardCharsets.UTF_8);
        assertThat(new KeyCursor(1, k)).isEqualTo(new KeyCursor(1, k.clone()));
        assertThat(new KeyCursor(1, k)).isNotEqualTo(new KeyCursor(2, k));
        assertThat(new KeyCursor(1, k)).isNotEqualTo(new KeyCursor(1, new byte[0]));
    }

    @Test
    void partitionsATokenCannotHoldAreRefused() {
        byte[] key = {1};
        assertThatThrownBy(() -> new KeyCursor(65536, key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyCursor(-1, key)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new KeyCursor(0, null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void overlongTokensAreRefusedBeforeDecoding() {
        String token = "A".repeat(KeyCursor.MAX_TOKEN_LENGTH + 1);
        assertThatThrownBy(() -> KeyCursor.parse(token))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("longer");
    }

    @Test
    void damagedTokensAreRefused() {
        KeyCursor cursor = new KeyCursor(300, "user:42".getBytes(StandardCharsets.UTF_8));
        byte[] valid = raw(cursor);
        for (int pos = 0; pos < valid.length; pos++) {
            for (int mask = 1; mask < 256; mask++) {
                byte[] bytes = valid.clone();
                bytes[pos] ^= (byte) mask;
                assertThatThrownBy(() -> KeyCursor.parse(token(bytes)))
                        .as("byte %d xor %d", pos, mask)
                        .isInstanceOf(EncodingException.class);
            }
        }
        for (int length = 0; length < valid.length; length++) {
            byte[] cut = Arrays.copyOf(valid, length);
            assertThatThrownBy(() -> KeyCursor.parse(token(cut))).isInstanceOf(EncodingException.class);
        }
        assertThatThrownBy(() -> KeyCursor.parse("not a token!")).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> KeyCursor.parse("")).isInstanceOf(EncodingException.class);
    }

    @Test
    void otherVersionsAreRefusedNamingTheVersion() {
        byte[] bytes = raw(new KeyCursor(1, new byte[] {1, 2}));
        bytes[0] = 2;
        withFreshCrc(bytes);
        assertThatThrownBy(() -> KeyCursor.parse(token(bytes)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("version 2");
    }

    @Test
    void arbitraryTokensOnlyEverFailWithEncodingException() {
        Random random = new Random(SEED);
        for (int i = 0; i < 3000; i++) {
            StringBuilder sb = new StringBuilder();
            int length = random.nextInt(40);
            for (int c = 0; c < length; c++) {
                sb.append(
                        random.nextInt(10) == 0
                                ? (char) random.nextInt(0x3000)
                                : BASE64URL.charAt(random.nextInt(BASE64URL.length())));
            }
            parseExpectingOnlyEncodingException(sb.toString(), "random token " + i);
        }
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = new byte[random.nextInt(30)];
            random.nextBytes(bytes);
            if (bytes.length >= 4 && random.nextBoolean()) {
                bytes[0] = 1;
                withFreshCrc(bytes);
            }
            parseExpectingOnlyEncodingException(token(bytes), "random bytes " + i);
        }
    }

    @Test
    void mutatedValidTokensOnlyEverFailWithEncodingException() throws EncodingException {
        Random random = new Random(SEED);
        KeyCursor cursor = new KeyCursor(4095, "some/key/with/slashes".getBytes(StandardCharsets.UTF_8));
        String valid = cursor.toToken();
        for (int i = 0; i < 3000; i++) {
            char[] chars = valid.toCharArray();
            int changes = 1 + random.nextInt(3);
            for (int c = 0; c < changes; c++) {
                chars[random.nextInt(chars.length)] = BASE64URL.charAt(random.nextInt(BASE64URL.length()));
            }
            String token = new String(chars);
            if (random.nextInt(4) == 0) {
                token = token.substring(0, random.nextInt(token.length()));
            }
            try {
                KeyCursor parsed = KeyCursor.parse(token);
                // Only a change the decoder ignores (trailing bits of the last character) may parse.
                assertThat(parsed).isEqualTo(cursor);
            } catch (EncodingException e) {
                assertThat(e.getMessage()).isNotBlank();
            } catch (RuntimeException e) {
                fail("mutation " + i + " (seed " + SEED + ") '" + token + "' threw " + e, e);
            }
        }
    }
}
