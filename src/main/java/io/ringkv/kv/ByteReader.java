package io.ringkv.kv;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Reads the kv formats' primitives from a byte array, failing with an {@link EncodingException}
 * that names the field and its offset; never allocates more than the bytes that remain.
 */
public final class ByteReader {
    private static final int MAX_VARINT_BYTES = 10;

    private final byte[] bytes;
    private final int end;
    private int offset;

    /** Reads {@code bytes[0, end)}. */
    public ByteReader(byte[] bytes, int end) {
        this.bytes = bytes;
        this.end = end;
    }

    public int offset() {
        return offset;
    }

    public int remaining() {
        return end - offset;
    }

    public EncodingException error(String message, int at) {
        return new EncodingException(message + " at offset " + at);
    }

    private void need(int count, String what) throws EncodingException {
        if (count > remaining()) {
            throw error("truncated " + what + ": needs " + count + " bytes, " + remaining() + " left", offset);
        }
    }

    public int u8(String what) throws EncodingException {
        need(1, what);
        return bytes[offset++] & 0xFF;
    }

    public int u16(String what) throws EncodingException {
        need(2, what);
        int value = ((bytes[offset] & 0xFF) << 8) | (bytes[offset + 1] & 0xFF);
        offset += 2;
        return value;
    }

    /** An unsigned 32-bit value. */
    public long u32(String what) throws EncodingException {
        return bigEndian(4, what);
    }

    public long i64(String what) throws EncodingException {
        return bigEndian(8, what);
    }

    private long bigEndian(int width, String what) throws EncodingException {
        need(width, what);
        long value = 0;
        for (int i = 0; i < width; i++) {
            value = (value << 8) | (bytes[offset + i] & 0xFF);
        }
        offset += width;
        return value;
    }

    /** An unsigned LEB128 value that must fit in a non-negative long, in its shortest form. */
    public long varint(String what) throws EncodingException {
        int start = offset;
        long value = 0;
        for (int i = 0; i < MAX_VARINT_BYTES; i++) {
            if (offset >= end) {
                throw error("truncated varint " + what, start);
            }
            int b = bytes[offset++] & 0xFF;
            long bits = b & 0x7F;
            if (i == MAX_VARINT_BYTES - 1 && bits > 0) {
                // The tenth byte may carry only bit 63, which a non-negative long never has.
                throw error("varint " + what + " overflows a signed 64-bit value", start);
            }
            value |= bits << (7 * i);
            if ((b & 0x80) == 0) {
                if (bits == 0 && i > 0) {
                    throw error("varint " + what + " is not in its shortest form", start);
                }
                return value;
            }
        }
        throw error("varint " + what + " is longer than " + MAX_VARINT_BYTES + " bytes", start);
    }

    /** A varint count or length that cannot exceed the bytes left, each item taking {@code minBytes}. */
    public int count(String what, int minBytes) throws EncodingException {
        int start = offset;
        long value = varint(what);
        if (value > remaining() / minBytes) {
            throw error(what + " " + value + " exceeds the " + remaining() + " bytes left", start);
        }
        return (int) value;
    }

    public byte[] bytes(int length, String what) throws EncodingException {
        need(length, what);
        byte[] out = Arrays.copyOfRange(bytes, offset, offset + length);
        offset += length;
        return out;
    }

    /** A {@code u16 length, utf8 bytes} string. */
    public String shortString(String what) throws EncodingException {
        int length = u16(what + " length");
        int start = offset;
        need(length, what);
        try {
            String value = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, offset, length))
                    .toString();
            offset += length;
            return value;
        } catch (CharacterCodingException e) {
            throw error(what + " is not valid UTF-8", start);
        }
    }

    /**
     * A reader of a message framed as {@code u8 version, u8 kind, ..., u32 CRC32C}: refuses another
     * version and a wrong checksum, and returns a reader positioned at the kind.
     */
    public static ByteReader framed(byte[] bytes, int version, String what) throws EncodingException {
        if (bytes.length > 0 && (bytes[0] & 0xff) != version) {
            throw new EncodingException(what + " format version " + (bytes[0] & 0xff) + " is not supported");
        }
        ByteReader in = checked(bytes, 1 + 1 + 4, what);
        in.u8("version");
        return in;
    }

    /** Refuses bytes left over once a message has been read. */
    public void end() throws EncodingException {
        if (remaining() != 0) {
            throw error(remaining() + " trailing bytes", offset());
        }
    }

    /**
     * Checks the trailing {@code u32 CRC32C} of {@code bytes} (over everything before it) and returns a
     * reader of the covered bytes.
     */
    public static ByteReader checked(byte[] bytes, int minLength, String what) throws EncodingException {
        if (bytes.length < minLength) {
            throw new EncodingException(
                    what + " truncated: " + bytes.length + " bytes, needs at least " + minLength + " at offset 0");
        }
        int body = bytes.length - 4;
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, body);
        int stored = ByteBuffer.wrap(bytes, body, 4).getInt();
        if (stored != (int) crc.getValue()) {
            throw new EncodingException(what + " checksum mismatch at offset " + body);
        }
        return new ByteReader(bytes, body);
    }
}
