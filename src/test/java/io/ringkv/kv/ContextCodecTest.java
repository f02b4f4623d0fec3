package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Base64;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
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
        bytes[0] = 3;
        String version = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        assertThatThrownBy(() -> ContextCodec.decode(version)).hasMessageContaining("version 3");
    }

    private static Set<WriteId> ids(Random random, int count) {
        Set<WriteId> ids = new HashSet<>();
        while (ids.size() < count) {
            ids.add(WriteId.random(random));
        }
        return ids;
    }

    @Test
    void contextsWithWriteIdsRoundTrip() throws EncodingException {
        for (int i = 0; i < CASES; i++) {
            long seed = 0x1DL + i;
            Random random = new Random(seed);
            ClientContext context = new ClientContext(RandomObjects.vector(random), ids(random, random.nextInt(5)));
            String header = ContextCodec.encode(context);
            assertThat(header).as("seed %d", seed).matches("[A-Za-z0-9_-]+");
            assertThat(ContextCodec.decodeClient(header)).as("seed %d", seed).isEqualTo(context);
            assertThat(ContextCodec.decode(header)).as("seed %d", seed).isEqualTo(context.vector());
        }
    }

    @Test
    void theOldFormatNamesNoWriteIdsAndStaysTheEncodingOfContextsWithout() throws EncodingException {
        VersionVector vector = VersionVector.of(Map.of("a", 3L));
        String old = ContextCodec.encode(vector);
        assertThat(Base64.getUrlDecoder().decode(old)[0]).isEqualTo((byte) 1);
        assertThat(ContextCodec.decodeClient(old)).isEqualTo(ClientContext.of(vector));
        assertThat(ContextCodec.encode(ClientContext.of(vector))).isEqualTo(old);
        assertThat(ContextCodec.decodeClient("AQDiw--l")).isEqualTo(ClientContext.EMPTY);
    }

    @Test
    void eachWriteIdCostsSixteenBytes() {
        VersionVector vector = VersionVector.of(Map.of("a", 3L));
        int without = Base64.getUrlDecoder().decode(ContextCodec.encode(vector)).length;
        int withTwo = Base64.getUrlDecoder()
                .decode(ContextCodec.encode(new ClientContext(vector, ids(new Random(1), 2))))
                .length;
        assertThat(withTwo - without).isEqualTo(1 + 2 * WriteId.BYTES);
    }

    @Test
    void anObjectsContextNamesItsSiblingsWriteIds() throws EncodingException {
        WriteId x = new WriteId(1, 2);
        VersionedObject object = VersionedObject.ABSENT
                .update(
                        "n0",
                        VersionVector.EMPTY,
                        Content.value("t/p", new byte[] {1}, 0),
                        5,
                        ConflictResolution.SIBLINGS,
                        1,
                        x)
                .update(
                        "n1",
                        VersionVector.EMPTY,
                        Content.value("t/p", new byte[] {2}, 0),
                        6,
                        ConflictResolution.SIBLINGS);

        ClientContext context = ContextCodec.decodeClient(ContextCodec.encode(object));

        assertThat(context.vector()).isEqualTo(object.context());
        assertThat(context.writeIds()).containsExactly(x);
    }

    @Test
    void tooManyWriteIdsAreLeftOutWhenEncodingAndRefusedWhenDecoding() {
        VersionVector vector = VersionVector.of(Map.of("a", 3L));
        ClientContext many = new ClientContext(vector, ids(new Random(2), ContextCodec.MAX_WRITE_IDS + 1));
        assertThat(ContextCodec.encode(many)).isEqualTo(ContextCodec.encode(vector));

        ByteWriter out = new ByteWriter(64);
        out.u8(ContextCodec.FORMAT_WITH_WRITE_IDS);
        VectorFormat.write(out, vector);
        out.varint(many.writeIds().size());
        many.writeIds().forEach(id -> id.writeTo(out));
        out.crc32c();
        assertThatThrownBy(() -> ContextCodec.decodeClient(base64(out)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("write id count 257");
    }

    @Test
    void aSecondFormatWithoutIdsOrWithUnorderedIdsIsRefused() {
        VersionVector vector = VersionVector.of(Map.of("a", 3L));
        ByteWriter none = new ByteWriter(64);
        none.u8(ContextCodec.FORMAT_WITH_WRITE_IDS);
        VectorFormat.write(none, vector);
        none.varint(0);
        none.crc32c();
        assertThatThrownBy(() -> ContextCodec.decodeClient(base64(none))).hasMessageContaining("write id count 0");

        ByteWriter unordered = new ByteWriter(64);
        unordered.u8(ContextCodec.FORMAT_WITH_WRITE_IDS);
        VectorFormat.write(unordered, vector);
        unordered.varint(2);
        new WriteId(5, 5).writeTo(unordered);
        new WriteId(1, 1).writeTo(unordered);
        unordered.crc32c();
        assertThatThrownBy(() -> ContextCodec.decodeClient(base64(unordered)))
                .hasMessageContaining("strictly ascending");
    }

    private static String base64(ByteWriter out) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
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
            byte[] valid = Base64.getUrlDecoder()
                    .decode(ContextCodec.encode(
                            new ClientContext(RandomObjects.vector(random), ids(random, random.nextInt(3)))));
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
            ClientContext decoded = ContextCodec.decodeClient(header);
            assertThat(ContextCodec.encode(decoded)).as("seed %d", seed).isEqualTo(header);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).as("seed %d", seed).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": decode threw " + e, e);
        }
    }
}
