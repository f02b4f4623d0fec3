package io.ringkv.membership;

import io.ringkv.kv.ByteReader;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.ring.Ring;
import io.ringkv.ring.RingCodec;
import java.util.ArrayList;
import java.util.List;

/**
 * The wire form of gossip messages (big-endian): {@code u8 version=2, u8 kind (1 Syn, 2 Ack, 3
 * Ack2), u16+UTF-8 cluster name, u16+UTF-8 sender}, then the body, then {@code u32 CRC32C} of
 * everything before it. Bodies: Syn is {@code i64 ring version, varint n, n digests}; Ack is
 * {@code i64 ring version, ring, varint n, n states, varint m, m digests}; Ack2 is {@code ring,
 * varint n, n states}. A ring is {@code varint length} (0: none) and that many bytes of {@link
 * RingCodec} (with its own checksum). A digest is {@code u16+UTF-8 node, i64 generation, i64
 * version}; a state is {@code u16+UTF-8 node, u16+UTF-8 address, i64 generation, i64 version, u8
 * flags (bit0 leaving), u16+UTF-8 health, u16+UTF-8 storage health, i64 ring version}.
 */
public final class GossipCodec {
    public static final int FORMAT_VERSION = 2;
    static final int SYN = 1;
    static final int ACK = 2;
    static final int ACK2 = 3;
    private static final int LEAVING = 1;
    private static final int DIGEST_MIN_BYTES = 2 + 8 + 8;
    private static final int STATE_MIN_BYTES = 2 + 2 + 8 + 8 + 1 + 2 + 2 + 8;
    // version, kind, two empty strings, no ring (an Ack2), a zero count, the CRC
    private static final int MIN_BYTES = 1 + 1 + 2 + 2 + 1 + 1 + 4;

    private GossipCodec() {}

    public static byte[] encode(GossipMessage message) {
        ByteWriter out = new ByteWriter(64);
        out.u8(FORMAT_VERSION);
        out.u8(message instanceof Syn ? SYN : message instanceof Ack ? ACK : ACK2);
        out.shortString(message.clusterName(), "cluster name");
        out.shortString(message.from(), "sender");
        if (message instanceof Syn syn) {
            out.i64(syn.ringVersion());
            writeDigests(out, syn.digests());
        } else if (message instanceof Ack ack) {
            out.i64(ack.ringVersion());
            writeRing(out, ack.ring());
            writeStates(out, ack.states());
            writeDigests(out, ack.wanted());
        } else {
            Ack2 ack2 = (Ack2) message;
            writeRing(out, ack2.ring());
            writeStates(out, ack2.states());
        }
        out.crc32c();
        return out.toByteArray();
    }

    /** The message in {@code bytes}; anything else is an {@link EncodingException}. */
    public static GossipMessage decode(byte[] bytes) throws EncodingException {
        ByteReader in = ByteReader.checked(bytes, MIN_BYTES, "gossip message");
        int version = in.u8("format version");
        if (version != FORMAT_VERSION) {
            throw in.error("gossip format version " + version + " is not supported", 0);
        }
        int kind = in.u8("message kind");
        String cluster = in.shortString("cluster name");
        String from = in.shortString("sender");
        GossipMessage message =
                switch (kind) {
                    case SYN -> new Syn(cluster, from, readRingVersion(in), readDigests(in));
                    case ACK ->
                        new Ack(cluster, from, readRingVersion(in), readRing(in), readStates(in), readDigests(in));
                    case ACK2 -> new Ack2(cluster, from, readRing(in), readStates(in));
                    default -> throw in.error("unknown gossip message kind " + kind, 1);
                };
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " unexpected bytes after the gossip message", in.offset());
        }
        return message;
    }

    /** Decodes bytes that must hold a message of {@code type}. */
    public static <T extends GossipMessage> T decode(byte[] bytes, Class<T> type) throws EncodingException {
        GossipMessage message = decode(bytes);
        if (!type.isInstance(message)) {
            throw new EncodingException("expected a gossip " + type.getSimpleName() + ", got a "
                    + message.getClass().getSimpleName() + " at offset 1");
        }
        return type.cast(message);
    }

    private static void writeRing(ByteWriter out, Ring ring) {
        if (ring == null) {
            out.varint(0);
            return;
        }
        byte[] bytes = RingCodec.encode(ring);
        out.varint(bytes.length);
        out.raw(bytes);
    }

    private static long readRingVersion(ByteReader in) throws EncodingException {
        int at = in.offset();
        long version = in.i64("ring version");
        if (version < 0) {
            throw in.error("ring version " + version + " is negative", at);
        }
        return version;
    }

    private static Ring readRing(ByteReader in) throws EncodingException {
        int at = in.offset();
        int length = in.count("ring length", 1);
        if (length == 0) {
            return null;
        }
        try {
            return RingCodec.decode(in.bytes(length, "ring"));
        } catch (EncodingException e) {
            throw in.error("the ring does not decode (" + e.getMessage() + ")", at);
        }
    }

    private static void writeDigests(ByteWriter out, List<Digest> digests) {
        out.varint(digests.size());
        for (Digest d : digests) {
            out.shortString(d.node(), "node");
            out.i64(d.generation());
            out.i64(d.version());
        }
    }

    private static void writeStates(ByteWriter out, List<EndpointState> states) {
        out.varint(states.size());
        for (EndpointState s : states) {
            out.shortString(s.node(), "node");
            out.shortString(s.address(), "address");
            out.i64(s.generation());
            out.i64(s.version());
            out.u8(s.leaving() ? LEAVING : 0);
            out.shortString(s.health(), "health");
            out.shortString(s.storageHealth(), "storage health");
            out.i64(s.ringVersion());
        }
    }

    private static List<Digest> readDigests(ByteReader in) throws EncodingException {
        int count = in.count("digest count", DIGEST_MIN_BYTES);
        List<Digest> digests = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String node = in.shortString("digest node");
            digests.add(new Digest(node, in.i64("digest generation"), in.i64("digest version")));
        }
        return digests;
    }

    private static List<EndpointState> readStates(ByteReader in) throws EncodingException {
        int count = in.count("state count", STATE_MIN_BYTES);
        List<EndpointState> states = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String node = in.shortString("state node");
            String address = in.shortString("state address");
            long generation = in.i64("state generation");
            long version = in.i64("state version");
            int at = in.offset();
            int flags = in.u8("state flags");
            if ((flags & ~LEAVING) != 0) {
                throw in.error("state of " + node + " has unknown flags " + flags, at);
            }
            String health = in.shortString("state health");
            String storageHealth = in.shortString("state storage health");
            long ringVersion = in.i64("state ring version");
            states.add(new EndpointState(
                    node, address, generation, version, (flags & LEAVING) != 0, health, storageHealth, ringVersion));
        }
        return states;
    }
}
