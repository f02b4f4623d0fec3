package io.ringkv.storage.sstable;

import java.util.Arrays;

/**
 * What the engine needs to know about a finished table without reading it: its {@link TableMeta}
 * properties plus its file size.
 */
public record TableInfo(
        long entryCount,
        long tombstoneCount,
        byte[] smallestKey,
        byte[] largestKey,
        long minSequence,
        long maxSequence,
        long minExpiresAtMillis,
        long rawDataBytes,
        long fileSize) {

    static TableInfo of(TableMeta meta, long fileSize) {
        return new TableInfo(
                meta.entryCount(),
                meta.tombstoneCount(),
                meta.smallestKey(),
                meta.largestKey(),
                meta.minSequence(),
                meta.maxSequence(),
                meta.minExpiresAtMillis(),
                meta.rawDataBytes(),
                fileSize);
    }

    public boolean isEmpty() {
        return entryCount == 0;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TableInfo t
                && entryCount == t.entryCount
                && tombstoneCount == t.tombstoneCount
                && Arrays.equals(smallestKey, t.smallestKey)
                && Arrays.equals(largestKey, t.largestKey)
                && minSequence == t.minSequence
                && maxSequence == t.maxSequence
                && minExpiresAtMillis == t.minExpiresAtMillis
                && rawDataBytes == t.rawDataBytes
                && fileSize == t.fileSize;
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(smallestKey) * 31 + Long.hashCode(fileSize);
    }

    @Override
    public String toString() {
        return "TableInfo[entries=" + entryCount + ", tombstones=" + tombstoneCount + ", keys="
                + TableBuilder.hex(smallestKey) + ".." + TableBuilder.hex(largestKey) + ", sequences=" + minSequence
                + ".." + maxSequence + ", minExpiresAtMillis=" + minExpiresAtMillis + ", rawDataBytes=" + rawDataBytes
                + ", fileSize=" + fileSize + "]";
    }
}
