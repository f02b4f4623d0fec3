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
 * A ring with a {@link Transition} is format 2: after the owners come {@code i64 start version, u8 n, Q
 * varint previous-owner indexes, varint d + d departing member indexes, varint r + r removed member
 * indexes, varint b + b bytes of the done bitmap (little-endian bit order)}, then the CRC32C. The decoder checks the checksum, the version, the member order, every index and that nothing
 * trails; anything else is an {@link EncodingException}.
 */
public final class RingCodec {
    public static final int FORMAT_VERSION = 1;
    /** The format of a ring with a transition; a stable ring is still written in format 1. */
    public static final int TRANSITION_FORMAT_VERSION = 2;
    /** Q is a power of two no greater than this (the ring's own bound on partitions). */
    public static final int MAX_PARTITIONS = 1 << 20;

    private static final int MEMBER_MIN_BYTES = 2 + 1 + 2;
    private static final int MIN_BYTES = 1 + 8 + 4 + 1 + 4;

    private RingCodec() {}

    public static byte[] encode(Ring ring) {
        List<NodeInfo> members = ring.members();
        ByteWriter out = new ByteWriter(32 + members.size() * 16 + ring.partitions());
        Transition transition = ring.transition();
        out.u8(transition == null ? FORMAT_VERSION : TRANSITION_FORMAT_VERSION);
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
        if (transition != null) {
            out.i64(transition.startVersion());
            out.u8(transition.n());
            for (int p = 0; p < ring.partitions(); p++) {
                out.varint(index.get(transition.previousOwner(p)));
            }
            writeMembers(out, index, transition.departing());
            writeMembers(out, index, transition.removed());
            byte[] done = transition.doneSet().toByteArray();
            out.varint(done.length);
            out.raw(done);
        }
        out.crc32c();
        return out.toByteArray();
    }

    private static void writeMembers(ByteWriter out, Map<String, Integer> index, java.util.Set<String> nodes) {
        out.varint(nodes.size());
        for (String node : new java.util.TreeSet<>(nodes)) {
            out.varint(index.get(node));
        }
    }

    private static java.util.Set<String> readMembers(ByteReader in, List<NodeInfo> members, String what)
            throws EncodingException {
        int count = in.count(what + " count", 1);
        java.util.Set<String> result = new java.util.TreeSet<>();
        for (int i = 0; i < count; i++) {
            int at = in.offset();
            long member = in.varint(what);
            if (member >= members.size()
                    || !result.add(members.get((int) member).id())) {
                throw in.error(what + " " + member + " is not one of " + members.size() + " members, or repeated", at);
            }
        }
        return result;
    }

    /** The ring in {@code bytes}; anything else is an {@link EncodingException}. */
    public static Ring decode(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.checked(bytes, MIN_BYTES, "ring");
        int format = in.u8("ring format version");
        if (format != FORMAT_VERSION && format != TRANSITION_FORMAT_VERSION) {
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
        Transition transition = null;
        if (format == TRANSITION_FORMAT_VERSION) {
            int transitionAt = in.offset();
            long startVersion = in.i64("transition start version");
            if (startVersion < 0 || startVersion > version) {
                throw in.error("transition start version " + startVersion + " is not 0 to " + version, transitionAt);
            }
            int n = in.u8("transition n");
            if (n < 1) {
                throw in.error("transition n " + n + " is not positive", transitionAt + 8);
            }
            if (in.remaining() < q) {
                throw in.error("truncated previous owners", in.offset());
            }
            String[] before = new String[(int) q];
            for (int p = 0; p < q; p++) {
                int ownerAt = in.offset();
                long owner = in.varint("previous owner of partition " + p);
                if (owner >= count) {
                    throw in.error(
                            "previous owner " + owner + " of partition " + p + " is not one of " + count + " members",
                            ownerAt);
                }
                before[p] = members.get((int) owner).id();
            }
            java.util.Set<String> departing = readMembers(in, members, "departing member");
            java.util.Set<String> removed = readMembers(in, members, "removed member");
            if (!departing.containsAll(removed)) {
                throw in.error("removed members " + removed + " are not all departing", in.offset());
            }
            int doneLength = in.count("done bitmap length", 1);
            java.util.BitSet done = java.util.BitSet.valueOf(in.bytes(doneLength, "done bitmap"));
            transition = new Transition(startVersion, n, before, departing, removed, done);
        }
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " unexpected bytes after the ring", in.offset());
        }
        try {
            return new Ring(version, members, owners, transition);
        } catch (IllegalArgumentException e) {
            throw in.error("the ring is not consistent: " + e.getMessage(), 0);
        }
    }
}
