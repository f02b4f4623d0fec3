package io.ringkv.server.config;

import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.storage.sstable.Compression;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The settings of a ringkv node, bound from {@code ringkv.*} and validated at start-up.
 *
 * @param nodeId this node's name in the cluster; defaults to one derived from the host name, or
 *     node1
 * @param dataDir directory holding the node's commit log, tables and manifest
 * @param seeds addresses (host:port) of nodes to contact when joining the cluster
 * @param commitlog settings of the commit log
 * @param storage settings of the storage engine
 * @param ring settings of the partition ring
 */
@Validated
@ConfigurationProperties("ringkv")
public record RingkvProperties(
        @NotBlank String nodeId,
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue List<String> seeds,
        @NotNull @Valid @DefaultValue Commitlog commitlog,
        @NotNull @Valid @DefaultValue Storage storage,
        @NotNull @Valid @DefaultValue Ring ring) {

    public RingkvProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = DefaultNodeId.fromHostName();
        }
        seeds = seeds == null ? List.of() : List.copyOf(seeds);
    }

    /**
     * Commit log settings.
     *
     * @param sync when a write is acknowledged: always (after fsync, shared by concurrent
     *     writers), batch (fsync after waiting the sync window for more writers),
     *     periodic (fsync every sync period) or none (never fsync the active segment)
     * @param syncWindow with batch: how long a sync waits for more writers
     * @param syncPeriod with periodic: the interval between fsyncs
     * @param segmentSize a segment is sealed and a new one started past this size
     * @param salvage open a commit log with corruption in the middle by skipping the bad bytes,
     *     instead of refusing to start
     */
    public record Commitlog(
            @NotNull @DefaultValue("always") SyncPolicy sync,

            @NotNull @DurationMin(millis = 0) @DefaultValue("2ms")
            Duration syncWindow,

            @NotNull @DurationMin(millis = 1) @DefaultValue("1s")
            Duration syncPeriod,

            @NotNull @MinDataSize(4096) @DefaultValue("64MB")
            DataSize segmentSize,

            @DefaultValue("false") boolean salvage) {}

    /**
     * Storage engine settings.
     *
     * @param memtableSize a memtable is frozen and flushed to a table past this size
     * @param blockCacheSize capacity of the cache of decoded table blocks
     * @param blockSize target size of a table data block before compression
     * @param compression compression of table data blocks: lz4 or none
     * @param bloomBitsPerKey bloom filter bits per key (10 gives about 1% false positives)
     * @param tombstoneGrace a tombstone is kept at least this long before compaction may purge it
     * @param compactionRate bytes per second compaction may write; 0 means unlimited
     * @param backgroundThreads threads for flushes, compactions and periodic syncs
     * @param minFreeDisk the node reports itself not ready when less disk space than this is usable
     *     under the data directory
     */
    public record Storage(
            @NotNull @MinDataSize(4096) @DefaultValue("64MB")
            DataSize memtableSize,

            @NotNull @MinDataSize(0) @DefaultValue("64MB") DataSize blockCacheSize,
            @NotNull @MinDataSize(256) @DefaultValue("4KB") DataSize blockSize,
            @NotNull @DefaultValue("lz4") Compression compression,
            @Min(1) @DefaultValue("10") int bloomBitsPerKey,

            @NotNull @DurationMin(millis = 0) @DefaultValue("10d")
            Duration tombstoneGrace,

            @NotNull @MinDataSize(0) @DefaultValue("64MB") DataSize compactionRate,
            @Min(1) @DefaultValue("2") int backgroundThreads,
            @NotNull @MinDataSize(0) @DefaultValue("256MB") DataSize minFreeDisk) {}

    /**
     * Partition ring settings.
     *
     * @param partitions number of partitions the key space is split into; a power of two, fixed for
     *     the life of the cluster
     */
    public record Ring(@PowerOfTwo @DefaultValue("256") int partitions) {}

    /** The storage engine's settings; those not exposed here keep the engine's defaults. */
    public StorageOptions toStorageOptions() {
        return StorageOptions.builder(dataDir)
                .syncPolicy(commitlog.sync())
                .syncWindowMillis(commitlog.syncWindow().toMillis())
                .syncPeriodMillis(commitlog.syncPeriod().toMillis())
                .segmentBytes(commitlog.segmentSize().toBytes())
                .salvage(commitlog.salvage())
                .memtableBytes(storage.memtableSize().toBytes())
                .blockCacheBytes(storage.blockCacheSize().toBytes())
                .blockBytes(Math.toIntExact(storage.blockSize().toBytes()))
                .compression(storage.compression())
                .bloomBitsPerKey(storage.bloomBitsPerKey())
                .tombstoneGraceMillis(storage.tombstoneGrace().toMillis())
                .compactionBytesPerSecond(storage.compactionRate().toBytes())
                .build();
    }
}
