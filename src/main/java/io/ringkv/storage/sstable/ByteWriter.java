package io.ringkv.storage.sstable;

import java.util.Arrays;

/** A growable little-endian byte sink for the table's encoders. */
final class ByteWriter {
    private byte[] buf;
    private int size;

    ByteWriter(int initialCapacity) {
        buf = new byte[Math.max(16, initialCapacity)];
    }

    int size() {
        return size;
    }

    void reset() {
        size = 0;
    }

    void truncate(int newSize) {
        size = newSize;
    }

    ByteWriter u8(int v) {
        ensure(1);
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter u32(int v) {
        ensure(4);
        buf[size] = (byte) v;
        buf[size + 1] = (byte) (v >>> 8);
        buf[size + 2] = (byte) (v >>> 16);
        buf[size + 3] = (byte) (v >>> 24);
        size += 4;
        return this;
    }

    ByteWriter u64(long v) {
        u32((int) v);
        return u32((int) (v >>> 32));
    }

    /** Unsigned LEB128 of a non-negative int: one to five bytes. */
    ByteWriter varint(int v) {
        if (v < 0) {
            throw new IllegalArgumentException("varint of negative " + v);
        }
        ensure(5);
        while ((v & ~0x7f) != 0) {
            buf[size++] = (byte) ((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        buf[size++] = (byte) v;
        return this;
    }

    ByteWriter bytes(byte[] b) {
        return bytes(b, 0, b.length);
    }

    ByteWriter bytes(byte[] b, int offset, int length) {
        ensure(length);
        System.arraycopy(b, offset, buf, size, length);
        size += length;
        return this;
    }

    /** A length-prefixed byte string. */
    ByteWriter lengthPrefixed(byte[] b) {
        return varint(b.length).bytes(b);
    }

    byte[] toByteArray() {
        return Arrays.copyOf(buf, size);
    }

    static int varintSize(int v) {
        int n = 1;
        while ((v & ~0x7f) != 0) {
            v >>>= 7;
            n++;
        }
        return n;
    }

    private void ensure(int more) {
        if (size + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(size + more, buf.length * 2));
        }
    }
}
