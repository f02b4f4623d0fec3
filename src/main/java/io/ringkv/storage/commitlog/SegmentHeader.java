package io.ringkv.storage.commitlog;

import io.ringkv.storage.CorruptionException;
import java.util.zip.CRC32C;

/**
 * The fixed header at the start of every segment: u32 magic, u8 format version, u64 segment id,
 * u32 CRC32C of the 13 bytes before it (all big-endian).
 */
final class SegmentHeader {
    static final int MAGIC = 0x524B434C; // "RKCL"
    static final byte VERSION = 1;
    static final int SIZE = 4 + 1 + 8 + 4;

    private SegmentHeader() {}

    static byte[] encode(long segmentId) {
        byte[] bytes = new byte[SIZE];
        Bytes.putInt(bytes, 0, MAGIC);
        bytes[4] = VERSION;
        Bytes.putLong(bytes, 5, segmentId);
        Bytes.putInt(bytes, 13, checksum(bytes, 0));
        return bytes;
    }

    /** The segment id of the header at {@code offset}, checking magic, version and checksum. */
    static long decode(byte[] bytes, int offset, int limit) throws CorruptionException {
        if (offset < 0 || limit > bytes.length || limit - offset < SIZE) {
            throw new CorruptionException(
                    "segment header: " + Math.max(0, limit - offset) + " bytes at offset " + offset + ", need " + SIZE);
        }
        int magic = Bytes.getInt(bytes, offset);
        if (magic != MAGIC) {
            throw new CorruptionException(
                    "segment header: bad magic 0x" + Integer.toHexString(magic) + " at offset " + offset);
        }
        int stored = Bytes.getInt(bytes, offset + 13);
        int actual = checksum(bytes, offset);
        if (stored != actual) {
            throw new CorruptionException("segment header: checksum mismatch at offset " + offset + " (stored 0x"
                    + Integer.toHexString(stored) + ", computed 0x" + Integer.toHexString(actual) + ")");
        }
        if (bytes[offset + 4] != VERSION) {
            throw new CorruptionException(
                    "segment header: unknown format version " + (bytes[offset + 4] & 0xFF) + " at offset " + offset);
        }
        long segmentId = Bytes.getLong(bytes, offset + 5);
        if (segmentId < 0) {
            throw new CorruptionException("segment header: negative segment id " + segmentId);
        }
        return segmentId;
    }

    private static int checksum(byte[] bytes, int offset) {
        CRC32C crc = new CRC32C();
        crc.update(bytes, offset, 13);
        return (int) crc.getValue();
    }
}
