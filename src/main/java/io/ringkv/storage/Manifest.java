package io.ringkv.storage;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The durable description of an engine's files: which tables are live (newest first), where
 * commit log replay starts, and the counters that must never go backwards. It is rewritten whole
 * and atomically at every flush and compaction, so after a crash the engine sees either the old
 * set of tables or the new one, never a mix.
 *
 * <p>Format: u32 magic, u8 version, u64 nextFileNumber, u64 logStartSegmentId, u64 lastSequence,
 * u32 table count, u64 table number each, u32 CRC32C of everything before it.
 *
 * @param nextFileNumber the next number to give a table file
 * @param logStartSegmentId commit log segments below this one are fully in tables
 * @param lastSequence the highest sequence number in any table
 * @param tables numbers of the live tables, newest first
 */
public record Manifest(long nextFileNumber, long logStartSegmentId, long lastSequence, List<Long> tables) {
    static final int MAGIC = 0x524B564D; // "RKVM"
    static final byte VERSION = 1;
    private static final int MAX_TABLES = 1 << 20;

    public Manifest {
        tables = List.copyOf(tables);
    }

    public static Manifest empty() {
        return new Manifest(1, 1, 0, List.of());
    }

    public byte[] encode() {
        ByteBuffer buf = ByteBuffer.allocate(4 + 1 + 8 * 3 + 4 + 8 * tables.size() + 4);
        buf.putInt(MAGIC)
                .put(VERSION)
                .putLong(nextFileNumber)
                .putLong(logStartSegmentId)
                .putLong(lastSequence);
        buf.putInt(tables.size());
        for (long table : tables) {
            buf.putLong(table);
        }
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue());
        return buf.array();
    }

    /** Decodes a manifest; {@code source} names the file in error messages. */
    public static Manifest decode(byte[] bytes, String source) throws CorruptionException {
        if (bytes.length < 4 + 1 + 24 + 4 + 4) {
            throw new CorruptionException(source + ": manifest too short (" + bytes.length + " bytes)");
        }
        ByteBuffer buf = ByteBuffer.wrap(bytes);
        CRC32C crc = new CRC32C();
        crc.update(bytes, 0, bytes.length - 4);
        if ((int) crc.getValue() != buf.getInt(bytes.length - 4)) {
            throw new CorruptionException(source + ": manifest checksum mismatch");
        }
        if (buf.getInt() != MAGIC) {
            throw new CorruptionException(source + ": not a manifest (bad magic)");
        }
        byte version = buf.get();
        if (version != VERSION) {
            throw new CorruptionException(source + ": unsupported manifest version " + version);
        }
        long nextFileNumber = buf.getLong();
        long logStart = buf.getLong();
        long lastSequence = buf.getLong();
        int count = buf.getInt();
        if (count < 0 || count > MAX_TABLES || (long) count * 8 != bytes.length - buf.position() - 4) {
            throw new CorruptionException(source + ": manifest table count " + count + " does not fit its length");
        }
        List<Long> tables = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            tables.add(buf.getLong());
        }
        return new Manifest(nextFileNumber, logStart, lastSequence, tables);
    }

    public Manifest withTables(List<Long> newTables, long newNextFileNumber) {
        return new Manifest(newNextFileNumber, logStartSegmentId, lastSequence, newTables);
    }
}
