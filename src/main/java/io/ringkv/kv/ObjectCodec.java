package io.ringkv.kv;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The binary form of a {@link VersionedObject} as stored and as sent between nodes: versioned and
 * checksummed (CRC32C); see docs/objects.md.
 */
public final class ObjectCodec {
    /** The version written when a sibling carries a write id; objects without one are written as 1. */
    public static final int FORMAT_VERSION = 2;
    /** The first format: no write ids. Still written for objects without them, and read. */
    public static final int FORMAT_VERSION_1 = 1;

    private static final int FLAG_DELETED = 1;
    /** Version 2: a 16-byte write id follows the flags. */
    private static final int FLAG_WRITE_ID = 2;
    /** Version byte, empty context, no siblings, checksum. */
    private static final int MIN_LENGTH = 1 + 1 + 1 + 4;
    /** Node index, counter, timestamp, flags, expiry, content-type length, value length. */
    private static final int MIN_SIBLING_BYTES = 1 + 1 + 8 + 1 + 8 + 2 + 1;

    private ObjectCodec() {}

    public static byte[] encode(VersionedObject object) {
        VersionVector context = object.context();
        List<String> nodes = new ArrayList<>(context.entries().keySet());
        ByteWriter out = new ByteWriter(64);
        boolean writeIds = false;
        for (Sibling sibling : object.siblings()) {
            writeIds |= sibling.writeId() != null;
        }
        out.u8(writeIds ? FORMAT_VERSION : FORMAT_VERSION_1);
        VectorFormat.write(out, context);
        out.varint(object.siblings().size());
        for (Sibling sibling : object.siblings()) {
            Content content = sibling.content();
            // The context covers every sibling's dot, so its node is always in the list.
            out.varint(Collections.binarySearch(nodes, sibling.dot().node()));
            out.varint(sibling.dot().counter());
            out.i64(sibling.timestamp());
            out.u8((content.deleted() ? FLAG_DELETED : 0) | (sibling.writeId() != null ? FLAG_WRITE_ID : 0));
            if (sibling.writeId() != null) {
                sibling.writeId().writeTo(out);
            }
            out.i64(content.expiresAtMillis());
            out.shortString(content.contentType(), "content type");
            out.varint(content.value().length);
            out.raw(content.value());
        }
        out.crc32c();
        return out.toByteArray();
    }

    /** Decodes {@link #encode}'s output; anything else fails with a message naming what is wrong. */
    public static VersionedObject decode(byte[] bytes) throws EncodingException {
        if (bytes == null) {
            throw new EncodingException("object bytes are missing");
        }
        int version = bytes.length > 0 ? bytes[0] & 0xFF : FORMAT_VERSION;
        if (version != FORMAT_VERSION && version != FORMAT_VERSION_1) {
            throw new EncodingException("unsupported object format version " + version + " at offset 0");
        }
        int knownFlags = version == FORMAT_VERSION ? FLAG_DELETED | FLAG_WRITE_ID : FLAG_DELETED;
        ByteReader in = ByteReader.checked(bytes, MIN_LENGTH, "object");
        in.u8("format version");
        VersionVector context = VectorFormat.read(in);
        List<String> nodes = new ArrayList<>(context.entries().keySet());
        int count = in.count("sibling count", MIN_SIBLING_BYTES);
        List<Sibling> siblings = new ArrayList<>(count);
        Dot previous = null;
        for (int i = 0; i < count; i++) {
            int at = in.offset();
            long index = in.varint("sibling node index");
            if (index >= nodes.size()) {
                throw in.error("sibling node index " + index + " is not below the context size " + nodes.size(), at);
            }
            String node = nodes.get((int) index);
            int counterAt = in.offset();
            long counter = in.varint("sibling counter");
            if (counter < 1) {
                throw in.error("sibling counter is not positive", counterAt);
            }
            Dot dot = new Dot(node, counter);
            if (!context.covers(dot)) {
                throw in.error("sibling dot " + dot + " is not covered by the context " + context, counterAt);
            }
            if (previous != null) {
                int order = LastWriteWins.DOT_ORDER.compare(previous, dot);
                if (order == 0) {
                    throw in.error("duplicate sibling dot " + dot, at);
                }
                if (order > 0) {
                    throw in.error("sibling dot " + dot + " is not after " + previous, at);
                }
            }
            long timestamp = in.i64("sibling timestamp");
            int flagsAt = in.offset();
            int flags = in.u8("sibling flags");
            if ((flags & ~knownFlags) != 0) {
                throw in.error("unknown sibling flags 0x" + Integer.toHexString(flags), flagsAt);
            }
            WriteId writeId = (flags & FLAG_WRITE_ID) != 0 ? WriteId.readFrom(in, "sibling write id") : null;
            long expiresAt = in.i64("sibling expiry");
            String contentType = in.shortString("content type");
            int value = in.count("value length", 1);
            byte[] bytesOfValue = in.bytes(value, "value");
            Content content = new Content(contentType, bytesOfValue, (flags & FLAG_DELETED) != 0, expiresAt);
            siblings.add(new Sibling(dot, timestamp, content, writeId));
            previous = dot;
        }
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " trailing bytes after the last sibling", in.offset());
        }
        if (version == FORMAT_VERSION && siblings.stream().allMatch(s -> s.writeId() == null)) {
            // Such an object is written as version 1: one object, one encoding.
            throw new EncodingException("object format version 2 without a write id at offset 0");
        }
        return new VersionedObject(context, siblings);
    }
}
