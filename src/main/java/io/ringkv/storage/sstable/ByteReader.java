package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;
import java.util.Arrays;

/**
 * A bounds-checked little-endian cursor over stored bytes: every read past the end or of a value
 * out of range throws {@link CorruptionException} naming what was being read and where.
 */
final class ByteReader {
    private final byte[] buf;
    private final int limit;
    private final String what;
    private int pos;

    ByteReader(byte[] buf, String what) {
        this(buf, 0, buf.length, what);
    }

    ByteReader(byte[] buf, int from, int limit, String what) {
        this.buf = buf;
        this.pos = from;
        this.limit = limit;
        this.what = what;
    }

    int position() {
        return pos;
    }

    int remaining() {
        return limit - pos;
    }

    int u8() throws CorruptionException {
        need(1, "byte");
        return buf[pos++] & 0xff;
    }

    int u32() throws CorruptionException {
        need(4, "u32");
        int v = u32At(buf, pos);
        pos += 4;
        return v;
    }

    long u64() throws CorruptionException {
        need(8, "u64");
        long v = (u32At(buf, pos) & 0xffffffffL) | ((long) u32At(buf, pos + 4) << 32);
        pos += 8;
        return v;
    }

    /** An unsigned LEB128 int of at most five bytes that fits a non-negative int. */
    int varint() throws CorruptionException {
        int start = pos;
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            need(1, "varint");
            int b = buf[pos++] & 0xff;
            result |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0 || (shift == 28 && b > 0x07)) {
                    throw corrupt("varint out of range", start);
                }
                // Only the shortest encoding is valid, so readers may derive a varint's length from its value.
                if (ByteWriter.varintSize(result) != pos - start) {
                    throw corrupt("varint not in shortest form", start);
                }
                return result;
            }
        }
        throw corrupt("varint longer than five bytes", start);
    }

    /** Skips {@code n} bytes, returning where they started. */
    int skip(int n, String field) throws CorruptionException {
        if (n < 0) {
            throw corrupt("negative length " + n + " of " + field, pos);
        }
        need(n, field);
        int at = pos;
        pos += n;
        return at;
    }

    byte[] bytes(int n, String field) throws CorruptionException {
        int at = skip(n, field);
        return Arrays.copyOfRange(buf, at, at + n);
    }

    byte[] lengthPrefixed(String field) throws CorruptionException {
        return bytes(varint(), field);
    }

    void expectEnd() throws CorruptionException {
        if (pos != limit) {
            throw corrupt((limit - pos) + " unexpected trailing bytes", pos);
        }
    }

    CorruptionException corrupt(String problem, int at) {
        return new CorruptionException(what + ": " + problem + " at byte " + at);
    }

    static int u32At(byte[] b, int at) {
        return (b[at] & 0xff) | (b[at + 1] & 0xff) << 8 | (b[at + 2] & 0xff) << 16 | (b[at + 3] & 0xff) << 24;
    }

    private void need(int n, String field) throws CorruptionException {
        if (n > limit - pos) {
            throw corrupt(field + " of " + n + " bytes runs past the end (" + limit + ")", pos);
        }
    }
}
