package io.ringkv.handoff;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.ObjectCodec;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * One hint as a record of a hint file: {@code u32 payload length, u32 CRC32C of the payload,
 * payload}, the payload being {@code u8 version=1, i64 created-at millis, u16+UTF-8 bucket,
 * varint+bytes key, u8 conflict resolution, varint+bytes object} (the object in {@link
 * ObjectCodec}'s own checksummed format). Big-endian.
 */
final class HintFormat {
    static final int VERSION = 1;
    static final int HEADER_BYTES = 8;
    /** The largest payload read back; anything claiming more is damage. */
    static final int MAX_PAYLOAD = 64 << 20;

    private HintFormat() {}

    static ByteBuffer encode(Hint hint) {
        ByteWriter payload = new ByteWriter(64 + hint.key().length);
        payload.u8(VERSION);
        payload.i64(hint.createdAtMillis());
        payload.shortString(hint.bucket(), "bucket");
        payload.varint(hint.key().length);
        payload.raw(hint.key());
        payload.u8(hint.resolution().ordinal());
        byte[] object = ObjectCodec.encode(hint.object());
        payload.varint(object.length);
        payload.raw(object);
        byte[] body = payload.toByteArray();
        CRC32C crc = new CRC32C();
        crc.update(body);
        ByteBuffer record = ByteBuffer.allocate(HEADER_BYTES + body.length);
        record.putInt(body.length).putInt((int) crc.getValue()).put(body).flip();
        return record;
    }

    /** Decodes a payload whose checksum was verified. */
    static Hint decodePayload(byte[] payload) throws EncodingException {
        ByteReader in = new ByteReader(payload, payload.length);
        int version = in.u8("hint version");
        if (version != VERSION) {
            throw new EncodingException("hint format version " + version + " is not supported");
        }
        long createdAt = in.i64("created at");
        String bucket = in.shortString("bucket");
        byte[] key = in.bytes(in.count("key length", 1), "key");
        int r = in.u8("conflict resolution");
        if (r >= ConflictResolution.values().length) {
            throw new EncodingException("unknown conflict resolution " + r);
        }
        byte[] object = in.bytes(in.count("object length", 1), "object");
        if (in.remaining() != 0) {
            throw new EncodingException(in.remaining() + " trailing bytes in hint");
        }
        return new Hint(bucket, key, ObjectCodec.decode(object), ConflictResolution.values()[r], createdAt);
    }

    static boolean checksumMatches(byte[] payload, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(payload);
        return (int) crc.getValue() == expected;
    }
}
