package io.ringkv.storage;

import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.storage.compaction.PurgeGate;
import io.ringkv.storage.sstable.Compression;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of one storage engine, validated on construction. Build with {@link #builder(Path)};
 * every setting has a default suited to a small server.
 *
 * @param dataDir directory holding the commit log, the tables and the manifest
 * @param syncPolicy when commit log bytes are forced and writes acknowledged
 * @param syncWindowMillis {@code batch}: how long a sync waits for more writers
 * @param syncPeriodMillis {@code periodic}: the interval between forced syncs
 * @param segmentBytes a commit log segment is sealed and a new one started past this size
 * @param salvage open a commit log with corruption in the middle, skipping the bad bytes
 * @param memtableBytes a memtable is frozen and flushed past this many bytes
 * @param maxImmutableMemtables frozen memtables waiting for flush before writers wait
 * @param blockBytes target size of an SSTable data block before compression
 * @param compression compression of SSTable data blocks
 * @param bloomBitsPerKey bloom filter bits per key (10 gives about 1% false positives)
 * @param blockCacheBytes capacity of the cache of decoded blocks
 * @param tombstoneGraceMillis a tombstone is kept at least this long before compaction may purge it
 * @param compactionBytesPerSecond write rate limit of compaction; 0 means unlimited
 * @param compactionMinTables fewest similar-sized tables merged at once
 * @param compactionMaxTables most tables merged at once
 * @param slowdownTables from this many tables on, each write waits a little for compaction
 * @param stopTables from this many tables on, writes wait until compaction brings the count down
 * @param purgeGate which live values compaction may drop as deletions of the layer above (see
 *     {@link PurgeGate}); {@link PurgeGate#NONE} by default
 */
public record StorageOptions(
        Path dataDir,
        SyncPolicy syncPolicy,
        long syncWindowMillis,
        long syncPeriodMillis,
        long segmentBytes,
        boolean salvage,
        long memtableBytes,
        int maxImmutableMemtables,
        int blockBytes,
        Compression compression,
        int bloomBitsPerKey,
        long blockCacheBytes,
        long tombstoneGraceMillis,
        long compactionBytesPerSecond,
        int compactionMinTables,
        int compactionMaxTables,
        int slowdownTables,
        int stopTables,
        PurgeGate purgeGate) {

    public StorageOptions {
        Objects.requireNonNull(purgeGate, "purgeGate");
        Objects.requireNonNull(dataDir, "dataDir");
        Objects.requireNonNull(syncPolicy, "syncPolicy");
        Objects.requireNonNull(compression, "compression");
        atLeast("syncWindowMillis", syncWindowMillis, 0);
        atLeast("syncPeriodMillis", syncPeriodMillis, 1);
        atLeast("segmentBytes", segmentBytes, 4096);
        atLeast("memtableBytes", memtableBytes, 4096);
        atLeast("maxImmutableMemtables", maxImmutableMemtables, 1);
        atLeast("blockBytes", blockBytes, 256);
        atLeast("bloomBitsPerKey", bloomBitsPerKey, 1);
        atLeast("blockCacheBytes", blockCacheBytes, 0);
        atLeast("tombstoneGraceMillis", tombstoneGraceMillis, 0);
        atLeast("compactionBytesPerSecond", compactionBytesPerSecond, 0);
        atLeast("compactionMinTables", compactionMinTables, 2);
        atLeast("compactionMaxTables", compactionMaxTables, compactionMinTables);
        atLeast("slowdownTables", slowdownTables, compactionMinTables);
        atLeast("stopTables", stopTables, slowdownTables);
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException(name + " must be at least " + min + ", was " + value);
        }
    }

    public static Builder builder(Path dataDir) {
        return new Builder(dataDir);
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** Builds {@link StorageOptions}; unset settings keep their defaults. */
    public static final class Builder {
        private Path dataDir;
        private SyncPolicy syncPolicy = SyncPolicy.ALWAYS;
        private long syncWindowMillis = 2;
        private long syncPeriodMillis = 1000;
        private long segmentBytes = 64L << 20;
        private boolean salvage;
        private long memtableBytes = 64L << 20;
        private int maxImmutableMemtables = 2;
        private int blockBytes = 4096;
        private Compression compression = Compression.LZ4;
        private int bloomBitsPerKey = 10;
        private long blockCacheBytes = 64L << 20;
        private long tombstoneGraceMillis = 10L * 24 * 3600 * 1000;
        private long compactionBytesPerSecond = 64L << 20;
        private int compactionMinTables = 4;
        private int compactionMaxTables = 32;
        private int slowdownTables = 20;
        private int stopTables = 36;
        private PurgeGate purgeGate = PurgeGate.NONE;

        private Builder(Path dataDir) {
            this.dataDir = dataDir;
        }

        private Builder(StorageOptions o) {
            dataDir = o.dataDir;
            syncPolicy = o.syncPolicy;
            syncWindowMillis = o.syncWindowMillis;
            syncPeriodMillis = o.syncPeriodMillis;
            segmentBytes = o.segmentBytes;
            salvage = o.salvage;
            memtableBytes = o.memtableBytes;
            maxImmutableMemtables = o.maxImmutableMemtables;
            blockBytes = o.blockBytes;
            compression = o.compression;
            bloomBitsPerKey = o.bloomBitsPerKey;
            blockCacheBytes = o.blockCacheBytes;
            tombstoneGraceMillis = o.tombstoneGraceMillis;
            compactionBytesPerSecond = o.compactionBytesPerSecond;
            compactionMinTables = o.compactionMinTables;
            compactionMaxTables = o.compactionMaxTables;
            slowdownTables = o.slowdownTables;
            stopTables = o.stopTables;
            purgeGate = o.purgeGate;
        }

        public Builder dataDir(Path v) {
            dataDir = v;
            return this;
        }

        public Builder syncPolicy(SyncPolicy v) {
            syncPolicy = v;
            return this;
        }

        public Builder syncWindowMillis(long v) {
            syncWindowMillis = v;
            return this;
        }

        public Builder syncPeriodMillis(long v) {
            syncPeriodMillis = v;
            return this;
        }

        public Builder segmentBytes(long v) {
            segmentBytes = v;
            return this;
        }

        public Builder salvage(boolean v) {
            salvage = v;
            return this;
        }

        public Builder memtableBytes(long v) {
            memtableBytes = v;
            return this;
        }

        public Builder maxImmutableMemtables(int v) {
            maxImmutableMemtables = v;
            return this;
        }

        public Builder blockBytes(int v) {
            blockBytes = v;
            return this;
        }

        public Builder compression(Compression v) {
            compression = v;
            return this;
        }

        public Builder bloomBitsPerKey(int v) {
            bloomBitsPerKey = v;
            return this;
        }

        public Builder blockCacheBytes(long v) {
            blockCacheBytes = v;
            return this;
        }

        public Builder tombstoneGraceMillis(long v) {
            tombstoneGraceMillis = v;
            return this;
        }

        public Builder compactionBytesPerSecond(long v) {
            compactionBytesPerSecond = v;
            return this;
        }

        public Builder compactionMinTables(int v) {
            compactionMinTables = v;
            return this;
        }

        public Builder compactionMaxTables(int v) {
            compactionMaxTables = v;
            return this;
        }

        public Builder slowdownTables(int v) {
            slowdownTables = v;
            return this;
        }

        public Builder stopTables(int v) {
            stopTables = v;
            return this;
        }

        public Builder purgeGate(PurgeGate v) {
            purgeGate = v;
            return this;
        }

        public StorageOptions build() {
            return new StorageOptions(
                    dataDir,
                    syncPolicy,
                    syncWindowMillis,
                    syncPeriodMillis,
                    segmentBytes,
                    salvage,
                    memtableBytes,
                    maxImmutableMemtables,
                    blockBytes,
                    compression,
                    bloomBitsPerKey,
                    blockCacheBytes,
                    tombstoneGraceMillis,
                    compactionBytesPerSecond,
                    compactionMinTables,
                    compactionMaxTables,
                    slowdownTables,
                    stopTables,
                    purgeGate);
        }
    }
}
