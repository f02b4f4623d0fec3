package io.ringkv.server.security;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * The body of an internal call, read once into one array of exactly its size. The gate ({@link
 * InternalAuthFilter}) reads it, taking its SHA-256 digest as the bytes arrive, since the signature
 * covers the digest and must be checked before anything acts on the body; it leaves the array on the
 * request for the endpoint, which takes it as it is ({@link #of}). Without a cluster secret (loopback
 * only) the endpoint reads it here itself.
 *
 * <p>With a Content-Length, the array is that long and nothing more is read (a longer declaration
 * than the limit is refused unread); without one (a chunked body) the bytes are gathered up to one
 * more than the limit and then copied once into an array of their size.
 */
public final class InternalBody {
    private static final String ATTRIBUTE = InternalBody.class.getName();
    private static final int CHUNK = 64 * 1024;

    private final byte[] bytes;
    private final byte @Nullable [] digest;

    private InternalBody(byte[] bytes, byte @Nullable [] digest) {
        this.bytes = bytes;
        this.digest = digest;
    }

    /** The body. */
    public byte[] bytes() {
        return bytes;
    }

    /** The SHA-256 digest of the body, when it was taken while reading. */
    byte @Nullable [] digest() {
        return digest;
    }

    /** Thrown when a body is longer than its limit; nothing of it is kept. */
    public static final class TooLarge extends IOException {
        private static final long serialVersionUID = 1L;

        TooLarge(long maxBytes) {
            super("the body is longer than " + maxBytes + " bytes");
        }
    }

    /**
     * The body of {@code request}: the one the gate has read, or else read now; {@link TooLarge} when
     * it is longer than {@code maxBytes} (decided from the Content-Length before reading when it has
     * one).
     */
    public static byte[] of(HttpServletRequest request, long maxBytes) throws IOException {
        Object read = request.getAttribute(ATTRIBUTE);
        if (read instanceof InternalBody body) {
            if (body.bytes.length > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            return body.bytes;
        }
        return read(request, maxBytes, false).bytes;
    }

    /** Reads the body of {@code request}, its digest too when {@code digest}, and leaves it on the request. */
    static InternalBody read(HttpServletRequest request, long maxBytes, boolean digest) throws IOException {
        long declared = request.getContentLengthLong();
        if (declared > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        InternalBody body;
        try (InputStream in = request.getInputStream()) {
            body = read(in, declared, maxBytes, digest ? sha256() : null);
        }
        request.setAttribute(ATTRIBUTE, body);
        return body;
    }

    /** Reads {@code declared} bytes (unknown when negative), at most {@code maxBytes}. */
    static InternalBody read(InputStream in, long declared, long maxBytes, @Nullable MessageDigest sha)
            throws IOException {
        if (declared > maxBytes) {
            throw new TooLarge(maxBytes);
        }
        byte[] bytes;
        if (declared >= 0) {
            bytes = new byte[(int) declared];
            int n = fill(in, bytes, bytes.length, sha);
            if (n < bytes.length) {
                // The peer closed early: the body is what came.
                bytes = Arrays.copyOf(bytes, n);
            } else if (in.read() >= 0) {
                throw new TooLarge(maxBytes); // more than declared
            }
        } else {
            int limit = (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1);
            byte[] buffer = new byte[Math.min(limit, CHUNK)];
            int length = 0;
            while (true) {
                if (length == buffer.length) {
                    if (length == limit) {
                        break;
                    }
                    buffer = Arrays.copyOf(buffer, (int) Math.min(limit, (long) length * 2));
                }
                int n = in.read(buffer, length, Math.min(CHUNK, buffer.length - length));
                if (n < 0) {
                    break;
                }
                if (sha != null) {
                    sha.update(buffer, length, n);
                }
                length += n;
            }
            if (length > maxBytes) {
                throw new TooLarge(maxBytes);
            }
            bytes = Arrays.copyOf(buffer, length);
        }
        return new InternalBody(bytes, sha == null ? null : sha.digest());
    }

    private static int fill(InputStream in, byte[] bytes, int length, @Nullable MessageDigest sha) throws IOException {
        int done = 0;
        while (done < length) {
            int n = in.read(bytes, done, Math.min(CHUNK, length - done));
            if (n < 0) {
                break;
            }
            if (sha != null) {
                sha.update(bytes, done, n);
            }
            done += n;
        }
        return done;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is unavailable", e);
        }
    }
}
