package io.ringkv.kv;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.TreeSet;

/**
 * The causal context as clients carry it in the {@code X-Ringkv-Context} header: URL-safe base64
 * (no padding) of a versioned, checksummed encoding of a {@link ClientContext}, a {@link
 * VersionVector} and the write ids of the versions the client was given. Opaque to clients.
 *
 * <p>Format 1 holds the vector only (and is read as naming no write ids); format 2 adds the write
 * ids, and is written only when there is at least one, so that every context has one encoding.
 */
public final class ContextCodec {
    /** The format of a context without write ids. */
    public static final int FORMAT_VERSION = 1;
    /** The format of a context with write ids. */
    public static final int FORMAT_WITH_WRITE_IDS = 2;
    /** Longest header accepted, so a client cannot make a node decode an arbitrarily large context. */
    public static final int MAX_HEADER_CHARS = 8192;
    /**
     * Most write ids one context names (the default sibling limit is 100). A context for an object
     * with more siblings than this, or whose ids would make the header longer than {@link
     * #MAX_HEADER_CHARS}, is issued without write ids.
     */
    public static final int MAX_WRITE_IDS = 256;

    /** Version byte, empty vector, checksum. */
    private static final int MIN_LENGTH = 1 + 1 + 4;

    private ContextCodec() {}

    /** A context naming no write ids (format 1). */
    public static String encode(VersionVector context) {
        ByteWriter out = new ByteWriter(16 + context.size() * 16);
        out.u8(FORMAT_VERSION);
        VectorFormat.write(out, context);
        out.crc32c();
        return base64(out);
    }

    /** The context a client gets with {@code object}: its vector and its siblings' write ids. */
    public static String encode(VersionedObject object) {
        return encode(ClientContext.of(object));
    }

    /** Encodes {@code context}; its write ids are left out when there are too many to carry. */
    public static String encode(ClientContext context) {
        int ids = context.writeIds().size();
        if (ids == 0 || ids > MAX_WRITE_IDS) {
            return encode(context.vector());
        }
        ByteWriter out = new ByteWriter(16 + context.vector().size() * 16 + ids * WriteId.BYTES);
        out.u8(FORMAT_WITH_WRITE_IDS);
        VectorFormat.write(out, context.vector());
        out.varint(ids);
        for (WriteId id : context.writeIds()) {
            id.writeTo(out);
        }
        out.crc32c();
        String header = base64(out);
        return header.length() <= MAX_HEADER_CHARS ? header : encode(context.vector());
    }

    /** The vector of a header value; see {@link #decodeClient}. */
    public static VersionVector decode(String header) throws EncodingException {
        return decodeClient(header).vector();
    }

    /** Decodes a header value; anything {@link #encode} did not produce fails naming the problem. */
    public static ClientContext decodeClient(String header) throws EncodingException {
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
        int version = bytes.length > 0 ? bytes[0] & 0xFF : FORMAT_VERSION;
        if (version != FORMAT_VERSION && version != FORMAT_WITH_WRITE_IDS) {
            throw new EncodingException("unsupported context format version " + version + " at offset 0");
        }
        ByteReader in = ByteReader.checked(bytes, MIN_LENGTH, "context");
        in.u8("format version");
        VersionVector vector = VectorFormat.read(in);
        ClientContext context = ClientContext.of(vector);
        if (version == FORMAT_WITH_WRITE_IDS) {
            context = new ClientContext(vector, readWriteIds(in));
        }
        if (in.remaining() != 0) {
            throw in.error(in.remaining() + " trailing bytes after the context", in.offset());
        }
        return context;
    }

    /** At least one and at most {@link #MAX_WRITE_IDS} ids, strictly ascending. */
    private static TreeSet<WriteId> readWriteIds(ByteReader in) throws EncodingException {
        int at = in.offset();
        int count = in.count("write id count", WriteId.BYTES);
        if (count < 1 || count > MAX_WRITE_IDS) {
            throw in.error("write id count " + count + " is not between 1 and " + MAX_WRITE_IDS + " (format 2)", at);
        }
        TreeSet<WriteId> ids = new TreeSet<>(ClientContext.ORDER);
        WriteId previous = null;
        for (int i = 0; i < count; i++) {
            int idAt = in.offset();
            WriteId id = WriteId.readFrom(in, "write id");
            if (previous != null && ClientContext.ORDER.compare(previous, id) >= 0) {
                throw in.error("write ids are not in strictly ascending order", idAt);
            }
            ids.add(id);
            previous = id;
        }
        return ids;
    }

    private static String base64(ByteWriter out) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(out.toByteArray());
    }
}
