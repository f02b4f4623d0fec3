package io.ringkv.kv;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The causal context as clients carry it in the {@code X-Ringkv-Context} header: URL-safe base64
 * (no padding) of a versioned, checksummed encoding of a {@link VersionVector}. Opaque to clients.
 */
public final class ContextCodec {
    public static final int FORMAT_VERSION = 1;
    /** Longest header accepted, so a client cannot make a node decode an arbitrarily large context. */
    public static final int MAX_HEADER_CHARS = 8192;

    /** Version byte, empty vector, checksum. */
    private static final int MIN_LENGTH = 1 + 1 + 4;

    private ContextCodec() {}

    public static String encode(VersionVector context) {
        ByteWriter out = new ByteWriter(16 + context.size() * 16);
        out.u8(FORMAT_VERSION);
        VectorFormat.write(out, context);
        out.crc32c();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }

    /** Decodes a header value; anything {@link #encode} did not produce fails naming the problem. */
    public static VersionVector decode(String header) throws EncodingException {
        if (header == null || header.isEmpty()) {
            throw new EncodingException("context is empty");
        }
        if (header.length() > MAX_HEADER_CHARS) {
            throw new EncodingException("context is " + header.length() + " characters, more than " + MAX_HEADER_CHARS);
        }
        byte[] bytes;
        try {
            if (header.indexOf('=') >= 0) {
                throw new IllegalArgumentException("padding");
            }
            bytes = Base64.getUrlDecoder().decode(header.getBytes(StandardCharsets.ISO_8859_1));
        } catch (IllegalArgumentException e) {
            throw new EncodingException("context is not valid base64");
        }
        if (bytes.length > 0 && (bytes[0] & 0xFF) != FORMAT_VERSION) {
            throw new EncodingException("unsupported context format version " + (bytes[0] & 0xFF) + " at offset 0");
        }
        ByteReader in = ByteReader.checked(bytes, MIN_LENGTH, "context");
        in.u8("format version");
        VersionVector context = VectorFormat.read(in);
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " trailing bytes after the context", in.offset());
        }
        return context;
    }
}
