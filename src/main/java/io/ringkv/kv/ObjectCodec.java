package io.ringkv.kv;

/**
 * The binary form of a {@link VersionedObject} as stored and as sent between nodes: versioned and
 * checksummed (CRC32C); see docs/objects.md.
 */
public final class ObjectCodec {
    public static final int FORMAT_VERSION = 1;

    private ObjectCodec() {}

    public static byte[] encode(VersionedObject object) {
        throw new UnsupportedOperationException();
    }

    /** Decodes {@link #encode}'s output; anything else fails with a message naming what is wrong. */
    public static VersionedObject decode(byte[] bytes) throws EncodingException {
        throw new UnsupportedOperationException();
    }
}
