package io.ringkv.protocol;

import io.ringkv.kv.EncodingException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.zip.CRC32C;

/**
 * A position in a bucket's key listing: after {@code key} in {@code partition}. Clients see it as an
 * opaque token: URL-safe base64 of {@code u8 version=1, u16 partition, key bytes, u32 CRC32C}. It
 * names a key, not an offset, so it stays valid while keys are added or removed.
 *
 * @param partition the partition of the last key listed
 * @param key the last key listed
 */
public record KeyCursor(int partition, byte[] key) {
    private static final int VERSION = 1;
    /** Longest token accepted: a maximal key plus framing, base64-encoded. */
    public static final int MAX_TOKEN_LENGTH = 4096;

    public KeyCursor {
        // The token holds the partition in 16 bits: a larger or negative one would come back as another.
        if (partition < 0 || partition > 0xffff) {
            throw new IllegalArgumentException("cursor partition out of range: " + partition);
        }
        if (key == null) {
            throw new IllegalArgumentException("cursor key is null");
        }
    }

    public String toToken() {
        ByteBuffer buf = ByteBuffer.allocate(1 + 2 + key.length + 4);
        buf.put((byte) VERSION).putShort((short) partition).put(key);
        buf.putInt(crc(buf.array(), buf.position()));
        return Base64.getUrlEncoder().withoutPadding().encodeToString(buf.array());
    }

    /** Reads a token {@link #toToken} made; anything else fails naming the problem. */
    public static KeyCursor parse(String token) throws EncodingException {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new EncodingException("cursor is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(token);
        } catch (IllegalArgumentException e) {
            throw new EncodingException("cursor is not valid base64url");
        }
        if (bytes.length < 7) {
            throw new EncodingException("cursor is too short");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        if (buf.getInt(bytes.length - 4) != crc(bytes, bytes.length - 4)) {
            throw new EncodingException("cursor checksum mismatch");
        }
        if (bytes[0] != VERSION) {
            throw new EncodingException("cursor version " + bytes[0] + " is not supported");
        }
        int partition = buf.getShort(1) & 0xffff;
        return new KeyCursor(partition, Arrays.copyOfRange(bytes, 3, bytes.length - 4));
    }

    private static int crc(byte[] bytes, int length) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, length);
        return (int) crc.getValue();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof KeyCursor c && c.partition == partition && Arrays.equals(c.key, key);
    }

    @Override
    public int hashCode() {
        return 31 * partition + Arrays.hashCode(key);
    }
}
