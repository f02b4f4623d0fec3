package io.ringkv.kv;

/**
 * The causal context as clients carry it in the {@code X-Ringkv-Context} header: URL-safe base64
 * (no padding) of a versioned, checksummed encoding of a {@link VersionVector}. Opaque to clients.
 */
public final class ContextCodec {
    public static final int FORMAT_VERSION = 1;

    private ContextCodec() {}

    public static String encode(VersionVector context) {
        throw new UnsupportedOperationException();
    }

    /** Decodes a header value; anything {@link #encode} did not produce fails naming the problem. */
    public static VersionVector decode(String header) throws EncodingException {
        throw new UnsupportedOperationException();
    }
}
