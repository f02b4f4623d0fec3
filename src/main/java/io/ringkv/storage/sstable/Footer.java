package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;

/**
 * The fixed-size end of a table file, read first: {@code index handle, filter handle, meta handle
 * (each u64 offset, u32 size), u32 format version (1), u64 magic "RINGKVST", u32 crc32c over the
 * 48 bytes before it}. The handled blocks lie back to back before the footer: filter, meta, index.
 */
public record Footer(BlockHandle index, BlockHandle filter, BlockHandle meta) {
    public static final int SIZE = 3 * BlockHandle.ENCODED_SIZE + 4 + 8 + 4;
    public static final int FORMAT_VERSION = 1;
    public static final long MAGIC = 0x52494E474B565354L;

    public byte[] encode() {
        ByteWriter out = new ByteWriter(SIZE);
        index.writeTo(out);
        filter.writeTo(out);
        meta.writeTo(out);
        out.u32(FORMAT_VERSION).u64(MAGIC);
        byte[] bytes = out.toByteArray();
        out.u32(BlockCodec.crc32c(bytes, bytes.length));
        return out.toByteArray();
    }

    /**
     * Decodes the last {@link #SIZE} bytes of a {@code fileSize}-byte file named {@code file},
     * checking magic, version, checksum and that the handles tile the space before the footer.
     */
    public static Footer decode(byte[] bytes, long fileSize, String file) throws CorruptionException {
        String what = "footer of " + file;
        if (bytes.length != SIZE || fileSize < SIZE) {
            throw new CorruptionException(
                    what + ": " + bytes.length + " footer bytes in a " + fileSize + "-byte file, expected " + SIZE);
        }
        ByteReader in = new ByteReader(bytes, what);
        int magicAt = 3 * BlockHandle.ENCODED_SIZE + 4;
        long magic =
                (ByteReader.u32At(bytes, magicAt) & 0xffffffffL) | ((long) ByteReader.u32At(bytes, magicAt + 4) << 32);
        if (magic != MAGIC) {
            throw in.corrupt("bad magic " + Long.toHexString(magic) + ", not a table file", magicAt);
        }
        int crcAt = SIZE - 4;
        int expected = ByteReader.u32At(bytes, crcAt);
        int actual = BlockCodec.crc32c(bytes, crcAt);
        if (expected != actual) {
            throw in.corrupt(
                    "checksum mismatch, stored " + Integer.toHexString(expected) + ", computed "
                            + Integer.toHexString(actual),
                    crcAt);
        }
        BlockHandle index = BlockHandle.readFrom(in, "index");
        BlockHandle filter = BlockHandle.readFrom(in, "filter");
        BlockHandle meta = BlockHandle.readFrom(in, "meta");
        int version = in.u32();
        if (version != FORMAT_VERSION) {
            throw in.corrupt("unknown format version " + version, in.position() - 4);
        }
        long footerOffset = fileSize - SIZE;
        if (filter.end() != meta.offset() || meta.end() != index.offset() || index.end() != footerOffset) {
            throw in.corrupt(
                    "filter " + filter + ", meta " + meta + " and index " + index
                            + " do not lie back to back before the footer at " + footerOffset,
                    0);
        }
        return new Footer(index, filter, meta);
    }
}
