package io.ringkv.kv;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.random.RandomGenerator;

/**
 * The identity of one client write, 128 bits, the same on every attempt to apply it (a coordinator
 * trying the next replica, a transport resending the call, a client retrying with the same {@code
 * Idempotency-Key}). A replica that already holds a version with this id does not store the write
 * again, and a merge keeps one of two versions that carry the same id (see docs/objects.md).
 */
public record WriteId(long high, long low) {
    public static final int BYTES = 16;

    /** A fresh id drawn from {@code random}. */
    public static WriteId random(RandomGenerator random) {
        return new WriteId(random.nextLong(), random.nextLong());
    }

    /** The id a client's idempotency key stands for: the first 128 bits of its SHA-256. */
    public static WriteId ofKey(String idempotencyKey) {
        try {
            byte[] digest =
                    MessageDigest.getInstance("SHA-256").digest(idempotencyKey.getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.wrap(digest);
            return new WriteId(bytes.getLong(), bytes.getLong());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }

    /** Writes the id as 16 big-endian bytes. */
    public void writeTo(ByteWriter out) {
        out.i64(high);
        out.i64(low);
    }

    /** Reads 16 big-endian bytes as an id. */
    public static WriteId readFrom(ByteReader in, String what) throws EncodingException {
        long high = in.i64(what);
        return new WriteId(high, in.i64(what));
    }

    @Override
    public String toString() {
        return HexFormat.of().toHexDigits(high) + HexFormat.of().toHexDigits(low);
    }
}
