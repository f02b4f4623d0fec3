package io.ringkv.storage.sstable;

/**
 * What the engine needs to know about a finished table without reading it: the properties in its
 * meta block plus its file size.
 */
public record TableInfo(TableMeta meta, long fileSize) {

    static TableInfo of(TableMeta meta, long fileSize) {
        return new TableInfo(meta, fileSize);
    }

    public boolean isEmpty() {
        return meta.entryCount() == 0;
    }

    public long entryCount() {
        return meta.entryCount();
    }

    public long maxSequence() {
        return meta.maxSequence();
    }

    public byte[] smallestKey() {
        return meta.smallestKey();
    }

    public byte[] largestKey() {
        return meta.largestKey();
    }
}
