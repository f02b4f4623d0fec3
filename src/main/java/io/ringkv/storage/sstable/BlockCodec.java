package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;
import java.util.zip.CRC32C;
import net.jpountz.lz4.LZ4Compressor;
import net.jpountz.lz4.LZ4Exception;
import net.jpountz.lz4.LZ4Factory;
import net.jpountz.lz4.LZ4SafeDecompressor;

/**
 * Turns raw block bytes into stored block bytes and back: {@code payload, u8 compression code,
 * u32 crc32c over payload and code}. An LZ4 payload is {@code varint uncompressedLength,
 * compressed bytes}; a block that LZ4 does not shrink is stored uncompressed.
 */
public final class BlockCodec {
    /** Compression code and checksum after every payload. */
    public static final int TRAILER_SIZE = 5;

    private static final LZ4Factory LZ4 = LZ4Factory.fastestInstance();
    private static final LZ4Compressor COMPRESSOR = LZ4.fastCompressor();
    private static final LZ4SafeDecompressor DECOMPRESSOR = LZ4.safeDecompressor();
    /** LZ4 cannot expand data by more than this factor, so a larger stated length is corrupt. */
    private static final int LZ4_MAX_RATIO = 255;

    private BlockCodec() {}

    /** The stored form of {@code raw}, compressed with {@code compression} if that saves space. */
    public static byte[] encode(byte[] raw, Compression compression) {
        if (compression == Compression.LZ4) {
            int prefix = ByteWriter.varintSize(raw.length);
            byte[] stored = new byte[prefix + COMPRESSOR.maxCompressedLength(raw.length) + TRAILER_SIZE];
            ByteWriter header = new ByteWriter(5).varint(raw.length);
            System.arraycopy(header.toByteArray(), 0, stored, 0, prefix);
            int compressed = COMPRESSOR.compress(raw, 0, raw.length, stored, prefix);
            int payload = prefix + compressed;
            if (payload < raw.length) {
                return seal(stored, payload, Compression.LZ4);
            }
        }
        byte[] stored = new byte[raw.length + TRAILER_SIZE];
        System.arraycopy(raw, 0, stored, 0, raw.length);
        return seal(stored, raw.length, Compression.NONE);
    }

    /**
     * Verifies and unpacks a stored block read from {@code file} at {@code offset}.
     *
     * @throws CorruptionException if the checksum, compression code or payload is bad
     */
    public static byte[] decode(byte[] stored, String file, long offset) throws CorruptionException {
        String where = "block at offset " + offset + " of " + file;
        if (stored.length < TRAILER_SIZE) {
            throw new CorruptionException(where + ": " + stored.length + " bytes cannot hold a block trailer");
        }
        int payload = stored.length - TRAILER_SIZE;
        int expected = ByteReader.u32At(stored, payload + 1);
        int actual = crc32c(stored, payload + 1);
        if (expected != actual) {
            throw new CorruptionException(where + ": checksum mismatch, stored " + Integer.toHexString(expected)
                    + ", computed " + Integer.toHexString(actual));
        }
        Compression compression;
        try {
            compression = Compression.fromCode(stored[payload]);
        } catch (CorruptionException e) {
            throw new CorruptionException(where + ": " + e.getMessage(), e);
        }
        if (compression == Compression.NONE) {
            byte[] raw = new byte[payload];
            System.arraycopy(stored, 0, raw, 0, payload);
            return raw;
        }
        ByteReader in = new ByteReader(stored, 0, payload, where);
        int rawLength = in.varint();
        int compressed = in.remaining();
        if (rawLength > (long) compressed * LZ4_MAX_RATIO) {
            throw new CorruptionException(
                    where + ": uncompressed length " + rawLength + " impossible for " + compressed + " LZ4 bytes");
        }
        byte[] raw = new byte[rawLength];
        try {
            int n = DECOMPRESSOR.decompress(stored, in.position(), compressed, raw, 0, rawLength);
            if (n != rawLength) {
                throw new CorruptionException(
                        where + ": LZ4 payload decompressed to " + n + " bytes, expected " + rawLength);
            }
        } catch (LZ4Exception e) {
            throw new CorruptionException(where + ": bad LZ4 payload: " + e.getMessage(), e);
        }
        return raw;
    }

    private static byte[] seal(byte[] stored, int payload, Compression compression) {
        stored[payload] = compression.code();
        int crc = crc32c(stored, payload + 1);
        stored[payload + 1] = (byte) crc;
        stored[payload + 2] = (byte) (crc >>> 8);
        stored[payload + 3] = (byte) (crc >>> 16);
        stored[payload + 4] = (byte) (crc >>> 24);
        int length = payload + TRAILER_SIZE;
        if (length == stored.length) {
            return stored;
        }
        byte[] exact = new byte[length];
        System.arraycopy(stored, 0, exact, 0, length);
        return exact;
    }

    static int crc32c(byte[] b, int length) {
        CRC32C crc = new CRC32C();
        crc.update(b, 0, length);
        return (int) crc.getValue();
    }
}
