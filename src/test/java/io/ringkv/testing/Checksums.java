package io.ringkv.testing;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/** Test helper: formats that end in a CRC32C of what precedes it. */
public final class Checksums {
    private Checksums() {}

    /** {@code body} followed by its big-endian CRC32C, so a mutation reaches the field decoders. */
    public static byte[] withCrc32c(byte[] body) {
        CRC32C crc = new CRC32C();
        crc.update(body);
        byte[] out = Arrays.copyOf(body, body.length + 4);
        ByteBuffer.wrap(out, body.length, 4).putInt((int) crc.getValue());
        return out;
    }
}
