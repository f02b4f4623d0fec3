package io.ringkv.transfer;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import io.ringkv.replica.StorageKeys;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The binary form of range streaming messages. Integers are big-endian; {@code bytes} is {@code
 * varint length, bytes}; every message ends with a {@code u32} CRC32C of all bytes before it. A
 * decoder refuses another version or kind, a wrong checksum, a key outside the message's range, keys
 * not strictly ascending, and trailing bytes.
 *
 * <pre>
 * request = u8 version=1, u8 kind=1, u16 range, u32 max-bytes (1..64 MiB), u8 has-after (0|1),
 *           [bytes after-key], u32 crc32c
 * chunk   = u8 version=1, u8 kind=2, u16 range, u64 estimated-range-bytes, varint count,
 *           count × (bytes storage-key, bytes object), u8 more (0|1), u32 crc32c
 * sizes   = u8 version=1, u8 kind=3, varint count, count × (u16 range, u64 objects, u64 bytes), u32 crc32c
 *           (ranges strictly ascending)
 * </pre>
 *
 * A chunk with {@code more = 1} has at least one entry; the next request asks after its last key.
 */
public final class RangeChunkCodec {
    public static final int FORMAT_VERSION = 1;
    public static final String MEDIA_TYPE = "application/x-ringkv-range";
    /** The largest chunk budget a request may ask for. */
    public static final int MAX_CHUNK_BYTES = 64 << 20;

    private static final int REQUEST = 1;
    private static final int CHUNK = 2;
    private static final int SIZES = 3;

    private RangeChunkCodec() {}

    public static byte[] encode(RangeChunkRequest request) {
        ByteWriter out = new ByteWriter(32 + (request.after() == null ? 0 : request.after().length));
        out.u8(FORMAT_VERSION);
        out.u8(REQUEST);
        out.u16(request.range());
        out.u32(request.maxBytes());
        if (request.after() == null) {
            out.u8(0);
        } else {
            out.u8(1);
            bytes(out, request.after());
        }
        out.crc32c();
        return out.toByteArray();
    }

    public static RangeChunkRequest decodeRequest(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "range request");
        kind(in, REQUEST);
        int range = in.u16("range");
        int budgetAt = in.offset();
        long maxBytes = in.u32("max bytes");
        if (maxBytes < 1 || maxBytes > MAX_CHUNK_BYTES) {
            throw in.error("chunk budget " + maxBytes + " is not 1 to " + MAX_CHUNK_BYTES, budgetAt);
        }
        byte[] after = null;
        if (flag(in, "has after")) {
            int at = in.offset();
            after = bytes(in, "after key");
            checkInRange(in, after, range, at);
        }
        in.end();
        return new RangeChunkRequest(range, after, (int) maxBytes);
    }

    public static byte[] encode(RangeChunk chunk) {
        ByteWriter out = new ByteWriter((int) Math.min(
                Integer.MAX_VALUE - 64,
                chunk.bytes() + 32L + 8L * chunk.entries().size()));
        out.u8(FORMAT_VERSION);
        out.u8(CHUNK);
        out.u16(chunk.range());
        out.i64(chunk.estimatedRangeBytes());
        out.varint(chunk.entries().size());
        for (RangeChunk.Entry e : chunk.entries()) {
            bytes(out, e.storageKey());
            bytes(out, e.object());
        }
        out.u8(chunk.more() ? 1 : 0);
        out.crc32c();
        return out.toByteArray();
    }

    public static RangeChunk decodeChunk(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "range chunk");
        kind(in, CHUNK);
        int range = in.u16("range");
        int estimateAt = in.offset();
        long estimate = in.i64("estimated range bytes");
        if (estimate < 0) {
            throw in.error("negative range size estimate", estimateAt);
        }
        int count = in.count("entry count", 2);
        List<RangeChunk.Entry> entries = new ArrayList<>(count);
        byte[] previous = null;
        for (int i = 0; i < count; i++) {
            int at = in.offset();
            byte[] key = bytes(in, "storage key");
            checkInRange(in, key, range, at);
            if (previous != null && Arrays.compareUnsigned(previous, key) >= 0) {
                throw in.error("storage keys not strictly ascending", at);
            }
            previous = key;
            entries.add(new RangeChunk.Entry(key, bytes(in, "object")));
        }
        int moreAt = in.offset();
        boolean more = flag(in, "more");
        if (more && count == 0) {
            throw in.error("a chunk with more to come has no entry", moreAt);
        }
        in.end();
        return new RangeChunk(range, estimate, entries, more);
    }

    public static byte[] encodeSizes(List<RangeSize> sizes) {
        ByteWriter out = new ByteWriter(16 + 18 * sizes.size());
        out.u8(FORMAT_VERSION);
        out.u8(SIZES);
        out.varint(sizes.size());
        for (RangeSize s : sizes) {
            out.u16(s.range());
            out.i64(s.objects());
            out.i64(s.bytes());
        }
        out.crc32c();
        return out.toByteArray();
    }

    public static List<RangeSize> decodeSizes(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "range sizes");
        kind(in, SIZES);
        int count = in.count("range count", 18);
        List<RangeSize> sizes = new ArrayList<>(count);
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int at = in.offset();
            int range = in.u16("range");
            if (range <= previous) {
                throw in.error("ranges not strictly ascending", at);
            }
            previous = range;
            long objects = in.i64("objects");
            long size = in.i64("bytes");
            if (objects < 0 || size < 0) {
                throw in.error("negative range size", at);
            }
            sizes.add(new RangeSize(range, objects, size));
        }
        in.end();
        return sizes;
    }

    private static void kind(ByteReader in, int expected) throws EncodingException {
        int at = in.offset();
        int kind = in.u8("kind");
        if (kind != expected) {
            throw in.error("message kind " + kind + " is not " + expected, at);
        }
    }

    private static boolean flag(ByteReader in, String what) throws EncodingException {
        int at = in.offset();
        int value = in.u8(what);
        if (value > 1) {
            throw in.error(what + " flag " + value + " is not 0 or 1", at);
        }
        return value == 1;
    }

    private static void bytes(ByteWriter out, byte[] value) {
        out.varint(value.length);
        out.raw(value);
    }

    private static byte[] bytes(ByteReader in, String what) throws EncodingException {
        return in.bytes(in.count(what + " length", 1), what);
    }

    private static void checkInRange(ByteReader in, byte[] key, int range, int at) throws EncodingException {
        byte[] prefix = StorageKeys.partitionPrefix(range);
        if (key.length < prefix.length + 1 || !Arrays.equals(key, 0, prefix.length, prefix, 0, prefix.length)) {
            throw in.error("storage key outside range " + range, at);
        }
    }
}
