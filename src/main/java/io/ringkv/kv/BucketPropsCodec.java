package io.ringkv.kv;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The stored form of a bucket's catalog entry: its props, or none when the bucket uses the node's
 * defaults. Layout (big-endian): {@code u8 version=1, u8 flags (bit0 has props, bit1 sloppy
 * quorum, bit2 synchronous read repair), u8 n, 5 x (u8 quorum kind, u8 count) for r w pr pw dw, u8 conflict resolution, i64
 * default TTL seconds, u32 CRC32C of the preceding bytes}; without props only the version, the flags
 * and the CRC.
 */
public final class BucketPropsCodec {
    public static final int FORMAT_VERSION = 1;
    private static final int HAS_PROPS = 1;
    private static final int SLOPPY = 2;
    private static final int SYNC_READ_REPAIR = 4;
    private static final int WITH_PROPS = 1 + 1 + 1 + 10 + 1 + 8 + 4;
    private static final int WITHOUT_PROPS = 1 + 1 + 4;

    private BucketPropsCodec() {}

    /** Encodes {@code props}, or a bucket known without props when null. */
    public static byte[] encode(BucketProps props) {
        ByteBuffer buf = ByteBuffer.allocate(props == null ? WITHOUT_PROPS : WITH_PROPS);
        buf.put((byte) FORMAT_VERSION);
        if (props == null) {
            buf.put((byte) 0);
        } else {
            buf.put((byte) (HAS_PROPS
                    | (props.sloppyQuorum() ? SLOPPY : 0)
                    | (props.syncReadRepair() ? SYNC_READ_REPAIR : 0)));
            buf.put((byte) props.n());
            for (Quorum q : new Quorum[] {props.r(), props.w(), props.pr(), props.pw(), props.dw()}) {
                buf.put((byte) q.kind().ordinal());
                buf.put((byte) q.count());
            }
            buf.put((byte) props.conflictResolution().ordinal());
            buf.putLong(props.defaultTtlSeconds());
        }
        buf.putInt(crc(buf.array(), buf.position()));
        return buf.array();
    }

    /** The props in {@code bytes}, or null for a bucket known without props. */
    public static BucketProps decode(byte[] bytes) throws EncodingException {
        if (bytes.length != WITH_PROPS && bytes.length != WITHOUT_PROPS) {
            throw new EncodingException("bucket props entry has " + bytes.length + " bytes, expected " + WITHOUT_PROPS
                    + " or " + WITH_PROPS);
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        int stored = buf.getInt(bytes.length - 4);
        if (stored != crc(bytes, bytes.length - 4)) {
            throw new EncodingException("bucket props entry checksum mismatch");
        }
        int version = buf.get() & 0xff;
        if (version != FORMAT_VERSION) {
            throw new EncodingException("bucket props format version " + version + " is not supported");
        }
        int flags = buf.get() & 0xff;
        if ((flags & ~(HAS_PROPS | SLOPPY | SYNC_READ_REPAIR)) != 0
                || ((flags & HAS_PROPS) == 0) != (bytes.length == WITHOUT_PROPS)) {
            throw new EncodingException("bucket props entry has bad flags " + flags);
        }
        if ((flags & HAS_PROPS) == 0) {
            return null;
        }
        try {
            int n = buf.get() & 0xff;
            Quorum[] q = new Quorum[5];
            for (int i = 0; i < q.length; i++) {
                q[i] = quorum(buf.get() & 0xff, buf.get() & 0xff);
            }
            int conflict = buf.get() & 0xff;
            if (conflict >= ConflictResolution.values().length) {
                throw new EncodingException("bucket props has unknown conflict resolution " + conflict);
            }
            long ttl = buf.getLong();
            BucketProps props = new BucketProps(
                    n,
                    q[0],
                    q[1],
                    q[2],
                    q[3],
                    q[4],
                    ConflictResolution.values()[conflict],
                    (flags & SLOPPY) != 0,
                    ttl,
                    (flags & SYNC_READ_REPAIR) != 0);
            if (!props.problems().isEmpty()) {
                throw new EncodingException("bucket props entry is invalid: " + props.problems());
            }
            return props;
        } catch (BufferUnderflowException e) {
            throw new EncodingException("bucket props entry is truncated");
        }
    }

    private static Quorum quorum(int kind, int count) throws EncodingException {
        if (kind >= Quorum.Kind.values().length) {
            throw new EncodingException("bucket props has unknown quorum kind " + kind);
        }
        return new Quorum(Quorum.Kind.values()[kind], count);
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }
}
