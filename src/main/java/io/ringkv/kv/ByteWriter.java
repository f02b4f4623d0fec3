package io.ringkv.kv;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** A growable big-endian byte buffer with the primitives of the kv formats. */
public final class ByteWriter {
    private static final int MAX_U16 = 0xFFFF;

    private byte[] bytes;
    private int size;

    public ByteWriter(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    private void ensure(int more) {
        if (size + more > bytes.length) {
            bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, size + more));
        }
    }

    public void u8(int value) {
        ensure(1);
        bytes[size++] = (byte) value;
    }

    public void u16(int value) {
        u8(value >>> 8);
        u8(value);
    }

    public void u32(int value) {
        u16(value >>> 16);
        u16(value);
    }

    public void i64(long value) {
        u32((int) (value >>> 32));
        u32((int) value);
    }

    /** Unsigned LEB128: 7 bits per byte, low bits first. */
    public void varint(long value) {
        while ((value & ~0x7FL) != 0) {
            u8((int) ((value & 0x7F) | 0x80));
            value >>>= 7;
        }
        u8((int) value);
    }

    public void raw(byte[] data) {
        ensure(data.length);
        System.arraycopy(data, 0, bytes, size, data.length);
        size += data.length;
    }

    /** A string as {@code u16 length, utf8 bytes}; {@code what} names it in the error. */
    public void shortString(String value, String what) {
        byte[] utf8 = utf8(value, what);
        if (utf8.length > MAX_U16) {
            throw new IllegalArgumentException(what + " is longer than " + MAX_U16 + " UTF-8 bytes");
        }
        u16(utf8.length);
        raw(utf8);
    }

    /** Appends the CRC32C of everything written so far. */
    public void crc32c() {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, size);
        u32((int) crc.getValue());
    }

    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, size);
    }

    private static byte[] utf8(String value, String what) {
        try {
            // Strict, so that what is written decodes back to the same string.
            ByteBuffer encoded = StandardCharsets.UTF_8
                    .newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(value));
            byte[] out = new byte[encoded.remaining()];
            encoded.get(out);
            return out;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException(what + " is not valid Unicode: " + e.getMessage());
        }
    }
}
