package io.ringkv.ring;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The wire and file form of a {@link Ring} (big-endian): {@code u8 format version=1, i64 ring
 * version, u32 partitions Q, varint m, m members (u16+UTF-8 id, varint weight, u16+UTF-8 rack) in
 * ascending id order, Q varint owner indexes into the members, u32 CRC32C} of everything before it.
 * The decoder checks the checksum, the version, the member order, every index and that nothing
 * trails; anything else is an {@link EncodingException}.
 */
public final class RingCodec {
    public static final int FORMAT_VERSION = 1;
    /** Q is a power of two no greater than this (the ring's own bound on partitions). */
    public static final int MAX_PARTITIONS = 1 << 20;

    private static final int MEMBER_MIN_BYTES = 2 + 1 + 2;
    private static final int MIN_BYTES = 1 + 8 + 4 + 1 + 4;

    private RingCodec() {}

    public static byte[] encode(Ring ring) {
        List<NodeInfo> members = ring.members();
        ByteWriter out = new ByteWriter(32 + members.size() * 16 + ring.partitions());
        out.u8(FORMAT_VERSION);
        out.i64(ring.version());
        out.u32(ring.partitions());
        out.varint(members.size());
        Map<String, Integer> index = new HashMap<>();
        for (NodeInfo member : members) {
            index.put(member.id(), index.size());
            out.shortString(member.id(), "member id");
            out.varint(member.weight());
            out.shortString(member.rack(), "member rack");
        }
        for (int p = 0; p < ring.partitions(); p++) {
            out.varint(index.get(ring.owner(p)));
        }
        out.crc32c();
        return out.toByteArray();
    }

    /** The ring in {@code bytes}; anything else is an {@link EncodingException}. */
    public static Ring decode(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.checked(bytes, MIN_BYTES, "ring");
        int format = in.u8("ring format version");
        if (format != FORMAT_VERSION) {
            throw in.error("ring format version " + format + " is not supported", 0);
        }
        long version = in.i64("ring version");
        if (version < 0) {
            throw in.error("ring version " + version + " is negative", 1);
        }
        int at = in.offset();
        long q = in.u32("partitions");
        if (q < 1 || q > MAX_PARTITIONS || Long.bitCount(q) != 1) {
            throw in.error("ring partitions " + q + " is not a power of two up to " + MAX_PARTITIONS, at);
        }
        int count = in.count("member count", MEMBER_MIN_BYTES);
        if (count == 0) {
            throw in.error("a ring has no members", in.offset());
        }
        List<NodeInfo> members = new ArrayList<>(count);
        String previous = null;
        for (int i = 0; i < count; i++) {
            int memberAt = in.offset();
            String id = in.shortString("member id");
            long weight = in.varint("member weight");
            String rack = in.shortString("member rack");
            if (id.isBlank() || weight < 1 || weight > Integer.MAX_VALUE || rack.isBlank()) {
                throw in.error("member " + i + " ('" + id + "', weight " + weight + ") is not valid", memberAt);
            }
            // Strictly ascending, so no id is listed twice.
            if (previous != null && previous.compareTo(id) >= 0) {
                throw in.error("members are not in ascending id order at '" + id + "'", memberAt);
            }
            previous = id;
            members.add(new NodeInfo(id, (int) weight, rack));
        }
        if (in.remaining() < q) {
            throw in.error("truncated owners: " + q + " partitions, " + in.remaining() + " bytes left", in.offset());
        }
        String[] owners = new String[(int) q];
        for (int p = 0; p < q; p++) {
            int ownerAt = in.offset();
            long owner = in.varint("owner of partition " + p);
            if (owner >= count) {
                throw in.error(
                        "owner " + owner + " of partition " + p + " is not one of " + count + " members", ownerAt);
            }
            owners[p] = members.get((int) owner).id();
        }
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " unexpected bytes after the ring", in.offset());
        }
        return new Ring(version, members, owners);
    }
}
