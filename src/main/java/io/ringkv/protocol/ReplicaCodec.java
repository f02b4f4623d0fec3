package io.ringkv.protocol;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.ClientContext;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.VectorFormat;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The binary form of replica requests and responses between nodes. Every message is {@code u8
 * version=1, u8 kind, ..., u32 CRC32C}; strings are {@code u16 length, UTF-8}, byte strings {@code
 * varint length, bytes}, objects in {@link ObjectCodec}'s format. A batch carries several messages
 * to one node in one call: {@code u8 version=1, u8 kind=batch, varint count, count × (varint length,
 * message), u32 CRC32C}, each message whole (with its own version and checksum); its answer is a
 * batch of as many responses, in the same order. Kind 6 (list keys, with its answer kind 5) came
 * after the first four kinds and the batch; a node that does not know it refuses it as an unknown
 * kind, and the other kinds are encoded as before. See docs/cluster.md.
 */
public final class ReplicaCodec {
    public static final int FORMAT_VERSION = 1;
    public static final String MEDIA_TYPE = "application/x-ringkv-replica";

    private static final int GET = 1;
    private static final int COORDINATE = 2;
    private static final int MERGE = 3;
    private static final int HINTED = 4;
    private static final int BATCH = 5;
    private static final int LIST_KEYS = 6;
    private static final int VERSIONS = 1;
    private static final int REFUSED = 2;
    private static final int FAILED = 3;
    private static final int BATCH_RESPONSE = 4;
    private static final int KEYS = 5;
    /** The most messages one batch carries. */
    public static final int MAX_BATCH = 256;
    /** The highest partition a list keys request names (it travels as a u16). */
    public static final int MAX_LIST_PARTITION = 0xffff;
    /** The most keys one list keys request asks for. */
    public static final int MAX_LIST_LIMIT = 100_000;

    private static final int HAS_SEEN = 1;
    private static final int IF_ABSENT = 2;
    private static final int DELETED = 4;
    /** A 16-byte write id follows the flags. */
    private static final int HAS_WRITE_ID = 8;
    /** A varint count and that many 16-byte write ids the client's context saw follow the write id. */
    private static final int HAS_SEEN_WRITE_IDS = 16;

    private ReplicaCodec() {}

    public static byte[] encode(ReplicaRequest request) {
        ByteWriter out = new ByteWriter(64 + request.key().length);
        out.u8(FORMAT_VERSION);
        if (request instanceof ReplicaRequest.Get g) {
            out.u8(GET);
            target(out, g.bucket(), g.key());
        } else if (request instanceof ReplicaRequest.Coordinate c) {
            out.u8(COORDINATE);
            target(out, c.bucket(), c.key());
            WriteRequest w = c.write();
            Content content = w.content();
            out.u8((w.seen() != null ? HAS_SEEN : 0)
                    | (w.ifAbsent() ? IF_ABSENT : 0)
                    | (content.deleted() ? DELETED : 0)
                    | (w.writeId() != null ? HAS_WRITE_ID : 0)
                    | (w.seenWriteIds().isEmpty() ? 0 : HAS_SEEN_WRITE_IDS));
            if (w.writeId() != null) {
                w.writeId().writeTo(out);
            }
            if (!w.seenWriteIds().isEmpty()) {
                out.varint(w.seenWriteIds().size());
                for (WriteId id : sortedIds(w.seenWriteIds())) {
                    id.writeTo(out);
                }
            }
            if (w.seen() != null) {
                VectorFormat.write(out, w.seen());
            }
            out.u8(w.resolution().ordinal());
            out.shortString(content.contentType(), "content type");
            out.i64(content.expiresAtMillis());
            bytes(out, content.value());
        } else if (request instanceof ReplicaRequest.ListKeys l) {
            out.u8(LIST_KEYS);
            target(out, l.bucket(), l.afterKey());
            out.u16(l.partition());
            out.varint(l.limit());
        } else if (request instanceof ReplicaRequest.Hinted h) {
            out.u8(HINTED);
            target(out, h.bucket(), h.key());
            out.u8(h.resolution().ordinal());
            out.shortString(h.intendedOwner(), "intended owner");
            bytes(out, ObjectCodec.encode(h.object()));
        } else {
            ReplicaRequest.Merge m = (ReplicaRequest.Merge) request;
            out.u8(MERGE);
            target(out, m.bucket(), m.key());
            out.u8(m.resolution().ordinal());
            bytes(out, ObjectCodec.encode(m.object()));
        }
        out.crc32c();
        return out.toByteArray();
    }

    /** {@code ids} in the order of encoded contexts, so that a request has one encoding. */
    private static List<WriteId> sortedIds(Set<WriteId> ids) {
        List<WriteId> sorted = new ArrayList<>(ids);
        sorted.sort(ClientContext.ORDER);
        return sorted;
    }

    /** The write ids a client's context saw: 1 to {@link ContextCodec#MAX_WRITE_IDS}, distinct. */
    private static Set<WriteId> seenWriteIds(ByteReader in) throws EncodingException {
        int at = in.offset();
        int count = in.count("seen write id count", WriteId.BYTES);
        if (count < 1 || count > ContextCodec.MAX_WRITE_IDS) {
            throw in.error("seen write id count " + count + " is not between 1 and " + ContextCodec.MAX_WRITE_IDS, at);
        }
        Set<WriteId> ids = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int idAt = in.offset();
            if (!ids.add(WriteId.readFrom(in, "seen write id"))) {
                throw in.error("seen write id repeated", idAt);
            }
        }
        return ids;
    }

    public static ReplicaRequest decodeRequest(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "replica request");
        int kind = in.u8("request kind");
        String bucket = in.shortString("bucket");
        byte[] key = in.bytes(in.count("key length", 1), "key");
        ReplicaRequest request;
        switch (kind) {
            case GET -> request = new ReplicaRequest.Get(bucket, key);
            case COORDINATE -> {
                int at = in.offset();
                int flags = in.u8("write flags");
                if ((flags & ~(HAS_SEEN | IF_ABSENT | DELETED | HAS_WRITE_ID | HAS_SEEN_WRITE_IDS)) != 0) {
                    throw in.error("unknown write flags " + flags, at);
                }
                WriteId writeId = (flags & HAS_WRITE_ID) != 0 ? WriteId.readFrom(in, "write id") : null;
                Set<WriteId> seenWriteIds = (flags & HAS_SEEN_WRITE_IDS) != 0 ? seenWriteIds(in) : Set.of();
                VersionVector seen = (flags & HAS_SEEN) != 0 ? VectorFormat.read(in) : null;
                ConflictResolution resolution = resolution(in);
                String contentType = in.shortString("content type");
                long expiresAt = in.i64("expiry");
                byte[] value = in.bytes(in.count("value length", 1), "value");
                Content content = new Content(contentType, value, (flags & DELETED) != 0, expiresAt);
                request = new ReplicaRequest.Coordinate(
                        bucket,
                        key,
                        new WriteRequest(seen, content, (flags & IF_ABSENT) != 0, resolution, writeId, seenWriteIds));
            }
            case MERGE -> {
                ConflictResolution resolution = resolution(in);
                VersionedObject object = ObjectCodec.decode(in.bytes(in.count("object length", 1), "object"));
                request = new ReplicaRequest.Merge(bucket, key, object, resolution);
            }
            case HINTED -> {
                ConflictResolution resolution = resolution(in);
                String owner = in.shortString("intended owner");
                VersionedObject object = ObjectCodec.decode(in.bytes(in.count("object length", 1), "object"));
                request = new ReplicaRequest.Hinted(bucket, key, object, resolution, owner);
            }
            case LIST_KEYS -> {
                int partition = in.u16("partition");
                int at = in.offset();
                long limit = in.varint("limit");
                if (limit < 1 || limit > MAX_LIST_LIMIT) {
                    throw in.error("list limit " + limit + " is not 1 to " + MAX_LIST_LIMIT, at);
                }
                request = new ReplicaRequest.ListKeys(bucket, partition, key, (int) limit);
            }
            default -> throw in.error("unknown request kind " + kind, 1);
        }
        in.end();
        return request;
    }

    public static byte[] encode(ReplicaResponse response) {
        ByteWriter out = new ByteWriter(64);
        out.u8(FORMAT_VERSION);
        if (response instanceof ReplicaResponse.Versions v) {
            out.u8(VERSIONS);
            bytes(out, ObjectCodec.encode(v.object()));
        } else if (response instanceof ReplicaResponse.Keys k) {
            out.u8(KEYS);
            out.varint(k.keys().size());
            for (byte[] key : k.keys()) {
                bytes(out, key);
            }
            out.u8(k.resumeAfter() == null ? 0 : 1);
            if (k.resumeAfter() != null) {
                bytes(out, k.resumeAfter());
            }
        } else if (response instanceof ReplicaResponse.Refused r) {
            out.u8(REFUSED);
            out.u8(r.reason().ordinal());
            out.shortString(clip(r.message()), "message");
        } else {
            ReplicaResponse.Failed f = (ReplicaResponse.Failed) response;
            out.u8(FAILED);
            out.shortString(clip(f.message()), "message");
        }
        out.crc32c();
        return out.toByteArray();
    }

    public static ReplicaResponse decodeResponse(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, "replica response");
        int kind = in.u8("response kind");
        ReplicaResponse response =
                switch (kind) {
                    case VERSIONS ->
                        new ReplicaResponse.Versions(
                                ObjectCodec.decode(in.bytes(in.count("object length", 1), "object")));
                    case REFUSED -> {
                        int at = in.offset();
                        int reason = in.u8("refusal reason");
                        if (reason >= WriteRefusedException.Reason.values().length) {
                            throw in.error("unknown refusal reason " + reason, at);
                        }
                        yield new ReplicaResponse.Refused(
                                WriteRefusedException.Reason.values()[reason], in.shortString("message"));
                    }
                    case FAILED -> new ReplicaResponse.Failed(in.shortString("message"));
                    case KEYS -> keys(in);
                    default -> throw in.error("unknown response kind " + kind, 1);
                };
        in.end();
        return response;
    }

    /** True when {@code bytes} claim to be a batch of requests (whether or not they decode). */
    public static boolean isBatch(byte[] bytes) {
        return bytes.length > 1 && (bytes[0] & 0xff) == FORMAT_VERSION && (bytes[1] & 0xff) == BATCH;
    }

    /**
     * A batch of requests for one node.
     *
     * @throws IllegalArgumentException when there are none, or more than {@link #MAX_BATCH}
     */
    public static byte[] encodeRequests(List<ReplicaRequest> requests) {
        List<byte[]> members = new ArrayList<>(requests.size());
        for (ReplicaRequest request : requests) {
            members.add(encode(request));
        }
        return batch(BATCH, members);
    }

    public static List<ReplicaRequest> decodeRequests(byte[] bytes) throws EncodingException {
        List<byte[]> members = members(bytes, BATCH, "replica request batch");
        List<ReplicaRequest> requests = new ArrayList<>(members.size());
        for (byte[] member : members) {
            requests.add(decodeRequest(member));
        }
        return requests;
    }

    /** The answer to a batch: one response per request, in the same order. */
    public static byte[] encodeResponses(List<ReplicaResponse> responses) {
        List<byte[]> members = new ArrayList<>(responses.size());
        for (ReplicaResponse response : responses) {
            members.add(encode(response));
        }
        return batch(BATCH_RESPONSE, members);
    }

    /**
     * Reads the answer to a batch of {@code expected} requests; an answer with another count does
     * not decode.
     */
    public static List<ReplicaResponse> decodeResponses(byte[] bytes, int expected) throws EncodingException {
        List<byte[]> members = members(bytes, BATCH_RESPONSE, "replica response batch");
        if (members.size() != expected) {
            throw new EncodingException(
                    "replica response batch holds " + members.size() + " responses for " + expected + " requests");
        }
        List<ReplicaResponse> responses = new ArrayList<>(members.size());
        for (byte[] member : members) {
            responses.add(decodeResponse(member));
        }
        return responses;
    }

    private static byte[] batch(int kind, List<byte[]> members) {
        if (members.isEmpty() || members.size() > MAX_BATCH) {
            throw new IllegalArgumentException(
                    "a batch carries 1 to " + MAX_BATCH + " messages, not " + members.size());
        }
        int size = 16;
        for (byte[] member : members) {
            size += member.length + 5;
        }
        ByteWriter out = new ByteWriter(size);
        out.u8(FORMAT_VERSION);
        out.u8(kind);
        out.varint(members.size());
        for (byte[] member : members) {
            bytes(out, member);
        }
        out.crc32c();
        return out.toByteArray();
    }

    private static List<byte[]> members(byte[] bytes, int kind, String what) throws EncodingException {
        ByteReader in = ByteReader.framed(bytes, FORMAT_VERSION, what);
        int at = in.offset();
        int found = in.u8(what + " kind");
        if (found != kind) {
            throw in.error("kind " + found + " is not a " + what, at);
        }
        at = in.offset();
        int count = in.count("batch size", 1 + 1 + 1 + 4);
        if (count == 0 || count > MAX_BATCH) {
            throw in.error("a batch carries 1 to " + MAX_BATCH + " messages, not " + count, at);
        }
        List<byte[]> members = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            members.add(in.bytes(in.count("message length", 1), "message"));
        }
        in.end();
        return members;
    }

    private static ReplicaResponse.Keys keys(ByteReader in) throws EncodingException {
        int count = in.count("key count", 1);
        List<byte[]> keys = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            keys.add(in.bytes(in.count("key length", 1), "key"));
        }
        int at = in.offset();
        int more = in.u8("more keys");
        if (more > 1) {
            throw in.error("more keys flag " + more + " is not 0 or 1", at);
        }
        byte[] resumeAfter = more == 1 ? in.bytes(in.count("key length", 1), "resume key") : null;
        return new ReplicaResponse.Keys(keys, resumeAfter);
    }

    private static void target(ByteWriter out, String bucket, byte[] key) {
        out.shortString(bucket, "bucket");
        bytes(out, key);
    }

    private static void bytes(ByteWriter out, byte[] bytes) {
        out.varint(bytes.length);
        out.raw(bytes);
    }

    private static ConflictResolution resolution(ByteReader in) throws EncodingException {
        int at = in.offset();
        int r = in.u8("conflict resolution");
        if (r >= ConflictResolution.values().length) {
            throw in.error("unknown conflict resolution " + r, at);
        }
        return ConflictResolution.values()[r];
    }

    private static String clip(String message) {
        String m = message == null ? "" : message;
        return m.length() > 1000 ? m.substring(0, 1000) : m;
    }
}
