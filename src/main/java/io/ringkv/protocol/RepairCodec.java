package io.ringkv.protocol;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import java.util.ArrayList;
import java.util.List;

/**
 * The binary form of anti-entropy messages between replicas. Integers are big-endian; {@code str}
 * is {@code u16 length, UTF-8}; {@code bytes} is {@code varint length, bytes}; every message ends
 * with a {@code u32} CRC32C of all bytes before it. A decoder refuses an unknown version or kind, a
 * count or index out of range, indexes not strictly ascending, and trailing bytes.
 *
 * <pre>
 * request  = u8 version=1, u8 kind, u16 partition, u8 min-n (1..16), str bucket (empty: every bucket), body, u32 crc32c
 *   kind 1 Level: u8 level (0..2), varint count (1..width), count × u16 index   (ascending, below the level's width)
 *   kind 2 Keys:  varint count (1..1024), count × u16 leaf                       (ascending, below 1024)
 * response = u8 version=1, u8 kind, body, u32 crc32c
 *   kind 1 Hashes: varint count, count × u64 hash
 *   kind 2 Keys:   varint leaves, leaves × (u16 leaf, varint count, count × (str bucket, bytes key, u64 version hash))
 *   kind 3 Failed: str message (at most 1000 chars)
 * </pre>
 */
public final class RepairCodec {
    public static final int FORMAT_VERSION = 1;
    public static final String MEDIA_TYPE = "application/x-ringkv-repair";

    private static final int LEVEL = 1;
    private static final int KEYS = 2;
    private static final int HASHES = 1;
    private static final int KEY_LIST = 2;
    private static final int FAILED = 3;

    private RepairCodec() {}

    public static byte[] encode(RepairRequest request) {
        RepairScope scope = request.scope();
        ByteWriter out = new ByteWriter(64);
        out.u8(FORMAT_VERSION);
        if (request instanceof RepairRequest.Level level) {
            out.u8(LEVEL);
            scope(out, scope);
            out.u8(level.level());
            indexes(out, level.indexes(), TreeShape.width(level.level()));
        } else {
            RepairRequest.Keys keys = (RepairRequest.Keys) request;
            out.u8(KEYS);
            scope(out, scope);
            indexes(out, keys.leaves(), TreeShape.LEAVES);
        }
        out.crc32c();
        return out.toByteArray();
    }

    public static RepairRequest decodeRequest(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "repair request");
        int kindAt = in.offset();
        int kind = in.u8("request kind");
        if (kind != LEVEL && kind != KEYS) {
            throw in.error("unknown repair request kind " + kind, kindAt);
        }
        int partition = in.u16("partition");
        int minAt = in.offset();
        int minN = in.u8("min n");
        if (minN < 1 || minN > BucketProps.MAX_N) {
            throw in.error("min n " + minN + " is not 1 to " + BucketProps.MAX_N, minAt);
        }
        RepairScope scope = new RepairScope(partition, minN, in.shortString("bucket"));
        RepairRequest request;
        if (kind == LEVEL) {
            int levelAt = in.offset();
            int level = in.u8("level");
            if (level >= TreeShape.LEVELS) {
                throw in.error("level " + level + " is not 0 to " + (TreeShape.LEVELS - 1), levelAt);
            }
            request = new RepairRequest.Level(scope, level, readIndexes(in, TreeShape.width(level), "index"));
        } else {
            request = new RepairRequest.Keys(scope, readIndexes(in, TreeShape.LEAVES, "leaf"));
        }
        in.end();
        return request;
    }

    public static byte[] encode(RepairResponse response) {
        ByteWriter out = new ByteWriter(64);
        out.u8(FORMAT_VERSION);
        if (response instanceof RepairResponse.Hashes h) {
            out.u8(HASHES);
            out.varint(h.hashes().length);
            for (long hash : h.hashes()) {
                out.i64(hash);
            }
        } else if (response instanceof RepairResponse.Keys k) {
            out.u8(KEY_LIST);
            out.varint(k.leaves().size());
            int previous = -1;
            for (RepairResponse.LeafKeys leaf : k.leaves()) {
                if (leaf.leaf() <= previous || leaf.leaf() >= TreeShape.LEAVES) {
                    throw new IllegalArgumentException("leaves must ascend below " + TreeShape.LEAVES);
                }
                previous = leaf.leaf();
                out.u16(leaf.leaf());
                out.varint(leaf.keys().size());
                for (RepairResponse.KeyHash key : leaf.keys()) {
                    out.shortString(key.bucket(), "bucket");
                    out.varint(key.key().length);
                    out.raw(key.key());
                    out.i64(key.versionHash());
                }
            }
        } else {
            RepairResponse.Failed f = (RepairResponse.Failed) response;
            out.u8(FAILED);
            String m = f.message() == null ? "" : f.message();
            out.shortString(m.length() > 1000 ? m.substring(0, 1000) : m, "message");
        }
        out.crc32c();
        return out.toByteArray();
    }

    public static RepairResponse decodeResponse(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "repair response");
        int kindAt = in.offset();
        int kind = in.u8("response kind");
        RepairResponse response;
        switch (kind) {
            case HASHES -> {
                int count = in.count("hash count", 8);
                long[] hashes = new long[count];
                for (int i = 0; i < count; i++) {
                    hashes[i] = in.i64("hash");
                }
                response = new RepairResponse.Hashes(hashes);
            }
            case KEY_LIST -> {
                int leaves = in.count("leaf count", 3);
                if (leaves > TreeShape.LEAVES) {
                    throw in.error("leaf count " + leaves + " exceeds " + TreeShape.LEAVES, kindAt + 1);
                }
                List<RepairResponse.LeafKeys> out = new ArrayList<>(leaves);
                int previous = -1;
                for (int l = 0; l < leaves; l++) {
                    int at = in.offset();
                    int leaf = in.u16("leaf");
                    if (leaf <= previous || leaf >= TreeShape.LEAVES) {
                        throw in.error(
                                "leaf " + leaf + " is not after " + previous + " and below " + TreeShape.LEAVES, at);
                    }
                    previous = leaf;
                    // bucket length (2), key length (1), hash (8)
                    int count = in.count("key count", 11);
                    List<RepairResponse.KeyHash> keys = new ArrayList<>(count);
                    for (int i = 0; i < count; i++) {
                        String bucket = in.shortString("bucket");
                        byte[] key = in.bytes(in.count("key length", 1), "key");
                        keys.add(new RepairResponse.KeyHash(bucket, key, in.i64("version hash")));
                    }
                    out.add(new RepairResponse.LeafKeys(leaf, keys));
                }
                response = new RepairResponse.Keys(out);
            }
            case FAILED -> response = new RepairResponse.Failed(in.shortString("message"));
            default -> throw in.error("unknown repair response kind " + kind, kindAt);
        }
        in.end();
        return response;
    }

    private static void scope(ByteWriter out, RepairScope scope) {
        out.u16(scope.partition());
        out.u8(scope.minN());
        out.shortString(scope.bucket(), "bucket");
    }

    private static void indexes(ByteWriter out, int[] indexes, int width) {
        if (indexes.length == 0 || indexes.length > width) {
            throw new IllegalArgumentException("1 to " + width + " indexes, not " + indexes.length);
        }
        out.varint(indexes.length);
        int previous = -1;
        for (int index : indexes) {
            if (index <= previous || index >= width) {
                throw new IllegalArgumentException("indexes must ascend below " + width);
            }
            previous = index;
            out.u16(index);
        }
    }

    private static int[] readIndexes(ByteReader in, int width, String what) throws EncodingException {
        int at = in.offset();
        int count = in.count(what + " count", 2);
        if (count == 0 || count > width) {
            throw in.error(what + " count " + count + " is not 1 to " + width, at);
        }
        int[] out = new int[count];
        int previous = -1;
        for (int i = 0; i < count; i++) {
            int indexAt = in.offset();
            int index = in.u16(what);
            if (index <= previous || index >= width) {
                throw in.error(what + " " + index + " is not after " + previous + " and below " + width, indexAt);
            }
            previous = index;
            out[i] = index;
        }
        return out;
    }
}
