package io.ringkv.storage.sstable;

import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.Entry;
import io.ringkv.storage.Keys;
import java.util.Arrays;

/**
 * The properties a table stores about itself in its meta block. Encoding: {@code u8 version (1),
 * u64 entryCount, u64 tombstoneCount, varint length + smallestKey, varint length + largestKey,
 * u64 minSequence, u64 maxSequence, u64 minExpiresAtMillis, u64 rawDataBytes}. An empty table has
 * empty keys and zero sequences.
 *
 * @param minExpiresAtMillis earliest expiry among entries that have one, or 0 if none has
 * @param rawDataBytes bytes of the data blocks before compression
 */
public record TableMeta(
        long entryCount,
        long tombstoneCount,
        byte[] smallestKey,
        byte[] largestKey,
        long minSequence,
        long maxSequence,
        long minExpiresAtMillis,
        long rawDataBytes) {
    static final int VERSION = 1;

    public byte[] encode() {
        ByteWriter out = new ByteWriter(64 + smallestKey.length + largestKey.length);
        out.u8(VERSION).u64(entryCount).u64(tombstoneCount);
        out.lengthPrefixed(smallestKey).lengthPrefixed(largestKey);
        out.u64(minSequence).u64(maxSequence).u64(minExpiresAtMillis).u64(rawDataBytes);
        return out.toByteArray();
    }

    public static TableMeta decode(byte[] raw) throws CorruptionException {
        ByteReader in = new ByteReader(raw, "meta block");
        int version = in.u8();
        if (version != VERSION) {
            throw in.corrupt("unknown meta version " + version, 0);
        }
        long entries = in.u64();
        long tombstones = in.u64();
        byte[] smallest = in.lengthPrefixed("smallest key");
        byte[] largest = in.lengthPrefixed("largest key");
        long minSequence = in.u64();
        long maxSequence = in.u64();
        long minExpiry = in.u64();
        long rawBytes = in.u64();
        in.expectEnd();
        if (entries < 0 || tombstones < 0 || tombstones > entries || rawBytes < 0) {
            throw in.corrupt(
                    "impossible counts: " + entries + " entries, " + tombstones + " tombstones, " + rawBytes
                            + " raw bytes",
                    1);
        }
        if (entries > 0 && (Keys.compare(smallest, largest) > 0 || minSequence > maxSequence)) {
            throw in.corrupt("smallest key or sequence exceeds the largest", 17);
        }
        return new TableMeta(entries, tombstones, smallest, largest, minSequence, maxSequence, minExpiry, rawBytes);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableMeta m
                && entryCount == m.entryCount
                && tombstoneCount == m.tombstoneCount
                && Arrays.equals(smallestKey, m.smallestKey)
                && Arrays.equals(largestKey, m.largestKey)
                && minSequence == m.minSequence
                && maxSequence == m.maxSequence
                && minExpiresAtMillis == m.minExpiresAtMillis
                && rawDataBytes == m.rawDataBytes;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(smallestKey) * 31 + Long.hashCode(entryCount);
    }

    @Override
    public String toString() {
        return "TableMeta[entries=" + entryCount + ", tombstones=" + tombstoneCount + ", keys="
                + TableBuilder.hex(smallestKey) + ".." + TableBuilder.hex(largestKey) + ", sequences=" + minSequence
                + ".." + maxSequence + ", minExpiresAtMillis=" + minExpiresAtMillis + ", rawDataBytes=" + rawDataBytes
                + "]";
    }

    /** Accumulates a table's properties entry by entry, in key order. */
    static final class Accumulator {
        private long entries;
        private long tombstones;
        private byte[] smallest = Entry.EMPTY;
        private byte[] largest = Entry.EMPTY;
        private long minSequence = Long.MAX_VALUE;
        private long maxSequence = Long.MIN_VALUE;
        private long minExpiry = Long.MAX_VALUE;
        private long rawBytes;

        void add(Entry entry) {
            if (entries == 0) {
                smallest = entry.key();
            }
            largest = entry.key();
            entries++;
            if (entry.isTombstone()) {
                tombstones++;
            }
            minSequence = Math.min(minSequence, entry.sequence());
            maxSequence = Math.max(maxSequence, entry.sequence());
            if (entry.hasExpiry()) {
                minExpiry = Math.min(minExpiry, entry.expiresAtMillis());
            }
        }

        void addRawBlockBytes(int bytes) {
            rawBytes += bytes;
        }

        TableMeta toMeta() {
            boolean empty = entries == 0;
            return new TableMeta(
                    entries,
                    tombstones,
                    smallest,
                    largest,
                    empty ? 0 : minSequence,
                    empty ? 0 : maxSequence,
                    minExpiry == Long.MAX_VALUE ? Entry.NO_EXPIRY : minExpiry,
                    rawBytes);
        }
    }
}
