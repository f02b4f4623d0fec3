package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;

class ObjectCodecTest {
    private static final int CASES = 3_000;

    /** Replaces the trailing checksum so a deliberately malformed body reaches the parser. */
    private static byte[] resealed(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        ByteBuffer.wrap(bytes).putInt(bytes.length - 4, (int) crc.getValue());
        return bytes;
    }

    private static byte[] oneSibling() {
        VersionedObject object = new VersionedObject(
                VersionVector.of(Map.of("a", 2L)),
                List.of(new Sibling(new Dot("a", 2), 7, Content.value("t", new byte[] {1, 2}, 0))));
        return ObjectCodec.encode(object);
    }

    @Test
    void randomObjectsRoundTrip() throws EncodingException {
        for (int i = 0; i < CASES; i++) {
            long seed = 0xC0DEL + i;
            VersionedObject object = RandomObjects.object(new Random(seed));
            byte[] bytes = ObjectCodec.encode(object);
            assertThat(ObjectCodec.decode(bytes)).as("seed %d", seed).isEqualTo(object);
            assertThat(ObjectCodec.encode(ObjectCodec.decode(bytes)))
                    .as("seed %d", seed)
                    .isEqualTo(bytes);
        }
    }

    @Test
    void absentEncodesToVersionEmptyContextNoSiblingsAndChecksum() throws EncodingException {
        byte[] bytes = ObjectCodec.encode(VersionedObject.ABSENT);
        assertThat(bytes).hasSize(7);
        assertThat(bytes[0]).isEqualTo((byte) ObjectCodec.FORMAT_VERSION_1);
        assertThat(ObjectCodec.decode(bytes)).isEqualTo(VersionedObject.ABSENT);
    }

    @Test
    void layoutMatchesTheDocumentedFormat() {
        byte[] bytes = oneSibling();
        byte[] body = {
            1, // version
            1,
            0,
            1,
            'a',
            2, // context {a=2}
            1, // one sibling
            0,
            2, // node index 0, counter 2
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            7, // timestamp
            0, // flags
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0, // expiry
            0,
            1,
            't', // content type
            2,
            1,
            2 // value
        };
        assertThat(bytes).startsWith(body).hasSize(body.length + 4);
    }

    private static final WriteId WRITE = new WriteId(0x0102030405060708L, 0x090a0b0c0d0e0f10L);

    private static byte[] oneSiblingWithWriteId() {
        VersionedObject object = new VersionedObject(
                VersionVector.of(Map.of("a", 2L)),
                List.of(new Sibling(new Dot("a", 2), 7, Content.value("t", new byte[] {1, 2}, 0), WRITE)));
        return ObjectCodec.encode(object);
    }

    @Test
    void aSiblingWithAWriteIdIsVersion2WithTheIdAfterTheFlags() throws EncodingException {
        byte[] bytes = oneSiblingWithWriteId();
        byte[] body = {
            2, // version
            1,
            0,
            1,
            'a',
            2, // context {a: 2}
            1, // one sibling
            0,
            2, // node index, counter
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            7, // timestamp
            2, // flags: write id
            1,
            2,
            3,
            4,
            5,
            6,
            7,
            8,
            9,
            10,
            11,
            12,
            13,
            14,
            15,
            16, // write id
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0, // expiry
            0,
            1,
            't', // content type
            2,
            1,
            2 // value
        };
        assertThat(Arrays.copyOf(bytes, bytes.length - 4)).isEqualTo(body);
        VersionedObject decoded = ObjectCodec.decode(bytes);
        assertThat(decoded.siblings().get(0).writeId()).isEqualTo(WRITE);
        assertThat(ObjectCodec.encode(decoded)).isEqualTo(bytes);
    }

    @Test
    void version1ObjectsStillDecodeWithoutWriteIds() throws EncodingException {
        byte[] v1 = oneSibling();
        assertThat(v1[0]).isEqualTo((byte) 1);
        assertThat(ObjectCodec.decode(v1).siblings().get(0).writeId()).isNull();
    }

    @Test
    void aWriteIdFlagInVersion1OrVersion2WithoutAWriteIdIsRefused() {
        byte[] v1WithFlag = oneSiblingWithWriteId().clone();
        v1WithFlag[0] = 1;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(v1WithFlag)))
                .hasMessageContaining("unknown sibling flags");
        byte[] v2WithoutId = oneSibling().clone();
        v2WithoutId[0] = 2;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(v2WithoutId))).hasMessageContaining("without a write id");
    }

    @Test
    void rejectsWrongVersionBadChecksumAndTrailingBytes() {
        byte[] valid = oneSibling();
        byte[] version = valid.clone();
        version[0] = 3;
        assertThatThrownBy(() -> ObjectCodec.decode(version))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("version 3");
        byte[] flipped = valid.clone();
        flipped[10] ^= 1;
        assertThatThrownBy(() -> ObjectCodec.decode(flipped)).hasMessageContaining("checksum mismatch");
        byte[] trailing = Arrays.copyOf(valid, valid.length + 1);
        System.arraycopy(valid, valid.length - 4, trailing, valid.length - 3, 4);
        trailing[valid.length - 4] = 9;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(trailing))).hasMessageContaining("trailing");
        assertThatThrownBy(() -> ObjectCodec.decode(new byte[] {1, 0})).hasMessageContaining("truncated");
        assertThatThrownBy(() -> ObjectCodec.decode(null)).isInstanceOf(EncodingException.class);
    }

    @Test
    void rejectsNodeIndexOutOfRangeAndUncoveredCounter() {
        byte[] index = oneSibling();
        index[7] = 1;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(index)))
                .hasMessageContaining("node index 1")
                .hasMessageContaining("offset 7");
        byte[] counter = oneSibling();
        counter[8] = 3;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(counter))).hasMessageContaining("not covered");
    }

    @Test
    void rejectsUnknownFlagsAndBadUtf8() {
        byte[] flags = oneSibling();
        flags[17] = 2;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(flags))).hasMessageContaining("flags");
        byte[] utf8 = oneSibling();
        utf8[28] = (byte) 0xFF;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(utf8))).hasMessageContaining("UTF-8");
    }

    @Test
    void rejectsDuplicateDotsAndHugeLengthsWithoutAllocating() {
        Content empty = Content.value("t", new byte[0], 0);
        byte[] dup = ObjectCodec.encode(new VersionedObject(
                VersionVector.of(Map.of("a", 2L)),
                List.of(new Sibling(new Dot("a", 1), 0, empty), new Sibling(new Dot("a", 2), 0, empty))));
        // Header is 7 bytes and each sibling 23; turn the second sibling's counter 2 into 1.
        assertThat(dup[7 + 23 + 1]).isEqualTo((byte) 2);
        dup[7 + 23 + 1] = 1;
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(dup))).hasMessageContaining("duplicate sibling dot");
        byte[] huge = oneSibling();
        // value length 2^62 as a varint, then the checksum slot.
        byte[] varint = {
            (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, (byte) 0x80, 0x40
        };
        byte[] withHuge = Arrays.copyOf(huge, 29 + varint.length + 4);
        System.arraycopy(varint, 0, withHuge, 29, varint.length);
        assertThatThrownBy(() -> ObjectCodec.decode(resealed(withHuge))).hasMessageContaining("value length");
    }

    @Test
    void randomBytesFailOnlyWithEncodingException() {
        for (int i = 0; i < CASES; i++) {
            long seed = 0xF0221L + i;
            Random random = new Random(seed);
            byte[] bytes = new byte[random.nextInt(64)];
            random.nextBytes(bytes);
            if (random.nextBoolean() && bytes.length > 0) {
                bytes[0] = 1;
            }
            if (random.nextBoolean() && bytes.length >= 4) {
                resealed(bytes);
            }
            decodeOrEncodingException(bytes, seed);
        }
    }

    @Test
    void mutatedEncodingsFailOnlyWithEncodingException() {
        for (int i = 0; i < CASES; i++) {
            long seed = 0x3A7EL + i;
            Random random = new Random(seed);
            byte[] valid = ObjectCodec.encode(RandomObjects.object(random));
            byte[] mutated = RandomObjects.mutate(valid, random);
            // Resealing lets the mutation reach the parser instead of stopping at the checksum.
            if (random.nextBoolean() && mutated.length >= 5) {
                resealed(mutated);
            }
            decodeOrEncodingException(mutated, seed);
        }
    }

    private static void decodeOrEncodingException(byte[] bytes, long seed) {
        try {
            VersionedObject decoded = ObjectCodec.decode(bytes);
            // Whatever decodes must be canonical: it encodes back to the same bytes.
            assertThat(ObjectCodec.encode(decoded)).as("seed %d", seed).isEqualTo(bytes);
        } catch (EncodingException expected) {
            assertThat(expected.getMessage()).as("seed %d", seed).isNotBlank();
        } catch (RuntimeException | Error e) {
            fail("seed " + seed + ": decode threw " + e, e);
        }
    }
}
