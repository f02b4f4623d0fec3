package io.ringkv.server.config;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Quorum;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.storage.sstable.Compression;
import io.ringkv.transfer.RangeChunkCodec;
import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
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
 * @param seeds addresses (host:port) of every member of the cluster, this node's own may be among
 *     them; empty for a cluster of this node alone
 * @param cluster settings of this node as a cluster member
 * @param commitlog settings of the commit log
 * @param storage settings of the storage engine
 * @param ring settings of the partition ring
 * @param limits bounds on what clients may send and store
 * @param bucketDefaults the props of buckets that have none of their own
 * @param handoff hinted handoff: writes kept for replicas that were down
 * @param repair active anti-entropy: Merkle-tree exchanges between the replicas of each partition
 * @param transfer streaming of key ranges to their new replicas when the ring changes
 */
@Validated
@ConfigurationProperties("ringkv")
public record RingkvProperties(
        @NotBlank String nodeId,
        @NotNull @DefaultValue("./data") Path dataDir,
        @NotNull @DefaultValue List<String> seeds,
        @NotNull @Valid @DefaultValue Cluster cluster,
        @NotNull @Valid @DefaultValue Commitlog commitlog,
        @NotNull @Valid @DefaultValue Storage storage,
        @NotNull @Valid @DefaultValue Ring ring,
        @NotNull @Valid @DefaultValue Limits limits,
        @NotNull @Valid @DefaultValue BucketDefaults bucketDefaults,
        @NotNull @Valid @DefaultValue Handoff handoff,
        @NotNull @Valid @DefaultValue Repair repair,
        @NotNull @Valid @DefaultValue Transfer transfer) {

    public RingkvProperties {
        if (nodeId == null || nodeId.isBlank()) {
            nodeId = DefaultNodeId.fromHostName();
        }
        seeds = seeds == null
                ? List.of()
                : seeds.stream().map(String::trim).filter(x -> !x.isEmpty()).toList();
        for (String seed : seeds) {
            HostPort.parse("ringkv.seeds", seed);
        }
        if (handoff != null
                && storage != null
                && handoff.window() != null
                && storage.tombstoneGrace() != null
                && handoff.window().compareTo(storage.tombstoneGrace()) > 0) {
            // A hint older than the grace period could carry a version whose deletion was purged.
            throw new IllegalArgumentException("ringkv.handoff.window (" + handoff.window()
                    + ") must not be longer than ringkv.storage.tombstone-grace (" + storage.tombstoneGrace() + ")");
        }
    }

    /**
     * This node as a member of the cluster.
     *
     * @param requestTimeout how long a coordinator waits for replicas, and the connect and read
     *     timeout of requests between nodes
     * @param weight this node's capacity: it owns partitions in proportion to it
     * @param rack the rack (or zone) this node runs in; replicas of a key go to distinct racks first
     * @param advertisedAddress host:port other nodes reach this node at; blank for localhost and the
     *     port this node listens on
     * @param name the cluster's name; gossip from a cluster of another name is refused
     * @param gossipInterval how often this node gossips with a peer
     * @param phiThreshold the failure detector's suspicion level at which a member is DOWN
     * @param virtualThreadCalls on Java 21 and later, make each request to another replica a
     *     synchronous call on a virtual thread rather than an asynchronous call on OkHttp's
     *     dispatcher threads (ignored on Java 17; off by default: measured no cheaper)
     * @param readFanout which replicas a read asks: {@code quorum} (R of them, more on failure or
     *     after the speculative retry delay) or {@code all} (every replica, on every read)
     * @param speculativeRetry with the quorum fan-out: how long a read waits for its R replicas
     *     before it asks one more; 0 for never
     * @param readRepairChance with the quorum fan-out: the share of reads that ask every replica,
     *     so read repair reaches all of them
     * @param replicaCallsPerPeer calls in flight from this node to each other node, for reads and
     *     for writes apart; requests beyond wait and go together in the next call as a batch; 0 for
     *     no bound (every request its own call)
     * @param replicaBatchSize the most replica requests one call carries
     * @param autoJoin a node with seeds that is not a member of the cluster's ring asks the claimant
     *     to stage its join and commits the plan once it holds only that join
     * @param stopWhenLeft a node that has left the cluster (a finished ring no longer lists it)
     *     announces it and stops a few gossip rounds later
     */
    public record Cluster(
            @NotNull @DurationMin(millis = 1) @DefaultValue("5s")
            Duration requestTimeout,

            @Min(1) @DefaultValue("1") int weight,
            @NotBlank @DefaultValue("default") String rack,
            @NotNull @DefaultValue("") String advertisedAddress,
            @NotBlank @DefaultValue("ringkv") String name,

            @NotNull @DurationMin(millis = 10) @DefaultValue("1s")
            Duration gossipInterval,

            @DecimalMin("0.5") @DefaultValue("8") double phiThreshold,
            @DefaultValue("false") boolean virtualThreadCalls,
            @NotNull @DefaultValue("quorum") ReadFanoutKind readFanout,

            @NotNull @DurationMin(millis = 0) @DefaultValue("20ms")
            Duration speculativeRetry,

            @DecimalMin("0.0") @DecimalMax("1.0") @DefaultValue("0.1")
            double readRepairChance,

            @Min(0) @DefaultValue("2") int replicaCallsPerPeer,

            @Min(1) @Max(ReplicaCodec.MAX_BATCH) @DefaultValue("64")
            int replicaBatchSize,

            @DefaultValue("false") boolean autoJoin,
            @DefaultValue("true") boolean stopWhenLeft) {

        public Cluster {
            if (advertisedAddress != null && !advertisedAddress.isBlank()) {
                HostPort.parse("ringkv.cluster.advertised-address", advertisedAddress.trim());
                advertisedAddress = advertisedAddress.trim();
            }
        }
    }

    /** Which replicas of a key a read asks. */
    public enum ReadFanoutKind {
        /** R replicas, more on failure or after the speculative retry delay. */
        QUORUM,
        /** Every replica. */
        ALL
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
     * @param objectCacheSize bound on the decoded objects of recently read and written keys kept in
     *     memory, so that their reads skip the engine; 0 for none
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
            @NotNull @MinDataSize(0) @DefaultValue("256MB") DataSize minFreeDisk,
            @NotNull @MinDataSize(0) @DefaultValue("32MB") DataSize objectCacheSize) {}

    /**
     * Partition ring settings.
     *
     * @param partitions number of partitions the key space is split into; a power of two, fixed for
     *     the life of the cluster
     * @param nVal the replica count the ring's claim spaces owners for: any n-val consecutive
     *     partitions have distinct owners where the cluster is large enough
     */
    public record Ring(
            @PowerOfTwo @DefaultValue("256") int partitions,
            @Min(1) @Max(16) @DefaultValue("3") int nVal) {}

    /**
     * Bounds on requests and stored objects; a request past one gets a 4xx problem and changes
     * nothing.
     *
     * @param maxKeySize longest key, in UTF-8 bytes
     * @param maxValueSize largest value in a request body (413 past it, found while reading)
     * @param bucketNamePattern regular expression bucket names must match (at most 255 UTF-8 bytes
     *     in any case)
     * @param defaultPageSize keys per listing page when the request gives no limit
     * @param maxPageSize most keys a listing page may ask for
     * @param siblingsWarn past this many siblings a write is logged and counted
     * @param siblingsMax a write that would leave more siblings than this is refused (409)
     * @param objectWarnSize past this stored object size (all siblings) a write is logged and counted
     * @param objectMaxSize a write that would make the stored object larger is refused (413)
     */
    public record Limits(
            @NotNull @MinDataSize(1) @DefaultValue("1KB") DataSize maxKeySize,
            @NotNull @MinDataSize(0) @DefaultValue("1MB") DataSize maxValueSize,

            @NotBlank @DefaultValue("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")
            String bucketNamePattern,

            @Min(1) @DefaultValue("100") int defaultPageSize,
            @Min(1) @DefaultValue("1000") int maxPageSize,
            @Min(1) @DefaultValue("25") int siblingsWarn,
            @Min(1) @DefaultValue("100") int siblingsMax,
            @NotNull @MinDataSize(1) @DefaultValue("5MB") DataSize objectWarnSize,
            @NotNull @MinDataSize(1) @DefaultValue("50MB") DataSize objectMaxSize) {}

    /**
     * Props of buckets that have none of their own (see {@code PUT /v1/buckets/{bucket}/props}).
     *
     * @param n replicas of each key
     * @param r replicas that must answer a read: a number, one, quorum or all
     * @param w replicas that must acknowledge a write
     * @param pr primary replicas that must answer a read (0: none required)
     * @param pw primary replicas that must acknowledge a write
     * @param dw replicas that must have made a write durable
     * @param conflictResolution siblings (keep concurrent writes) or lww (last write wins)
     * @param sloppyQuorum whether writes may count fallback replicas
     * @param defaultTtl time to live of values written without their own; 0 for none
     * @param syncReadRepair repair stale replicas before a read answers (else in the background)
     */
    public record BucketDefaults(
            @Min(1) @DefaultValue("3") int n,
            @NotBlank @DefaultValue("quorum") String r,
            @NotBlank @DefaultValue("quorum") String w,
            @NotBlank @DefaultValue("0") String pr,
            @NotBlank @DefaultValue("0") String pw,
            @NotBlank @DefaultValue("quorum") String dw,
            @NotNull @DefaultValue("siblings") ConflictResolution conflictResolution,
            @DefaultValue("true") boolean sloppyQuorum,
            @NotNull @DefaultValue("0s") Duration defaultTtl,
            @DefaultValue("false") boolean syncReadRepair) {

        /** These defaults as bucket props; invalid values fail start-up naming the setting. */
        public BucketProps toBucketProps() {
            BucketProps props = new BucketProps(
                    n,
                    quorum("r", r),
                    quorum("w", w),
                    quorum("pr", pr),
                    quorum("pw", pw),
                    quorum("dw", dw),
                    conflictResolution,
                    sloppyQuorum,
                    defaultTtl.toSeconds(),
                    syncReadRepair);
            if (!props.problems().isEmpty()) {
                throw new IllegalArgumentException("ringkv.bucket-defaults: " + String.join("; ", props.problems()));
            }
            return props;
        }

        private static Quorum quorum(String name, String value) {
            try {
                return Quorum.parse(value);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("ringkv.bucket-defaults." + name + ": " + e.getMessage(), e);
            }
        }
    }

    /**
     * Hinted handoff (docs/handoff.md).
     *
     * @param rate hint bytes per second replayed to a replica that is back; 0 for no limit
     * @param window no hints are kept for a replica that has been down longer than this
     * @param interval how often hints are offered to replicas that are up
     * @param maxBacklogPerTarget hint bytes kept for one replica at most; past it this node takes no
     *     more hints for it
     */
    public record Handoff(
            @NotNull @MinDataSize(0) @DefaultValue("8MB") DataSize rate,

            @NotNull @DurationMin(millis = 1) @DefaultValue("3h")
            Duration window,

            @NotNull @DurationMin(millis = 10) @DefaultValue("1s")
            Duration interval,

            @NotNull @MinDataSize(1) @DefaultValue("1GB") DataSize maxBacklogPerTarget) {}

    /**
     * Active anti-entropy (docs/repair.md).
     *
     * @param enabled whether this node exchanges its partitions on its own every interval (repairs
     *     asked through the admin API run either way)
     * @param interval how often every partition this node replicates is exchanged with each of its
     *     other replicas
     * @param rate bytes per second of all exchanges' messages together, both ways; 0 for no limit
     * @param concurrency exchanges running at once
     * @param treeMaxAge how long a partition's tree is reused while the partition has no write
     * @param maxAnswerSize the size a key-list answer stops growing at (whole leaves; the asker asks
     *     again for the rest)
     * @param batchSize replica requests per call when differing keys are synced
     * @param operationsKept finished operations listed at /v1/admin/operations
     * @param scanRate the most stored objects per second that partition scans (tree builds, key
     *     lists) read together; 0 for no limit
     * @param clockSkewAllowance the most two nodes' clocks may differ by (plus a write's time in
     *     flight): a tombstone is purged only this long after the repair and the grace that allow it
     */
    public record Repair(
            @DefaultValue("true") boolean enabled,

            @NotNull @DurationMin(seconds = 1) @DefaultValue("1h")
            Duration interval,

            @NotNull @MinDataSize(0) @DefaultValue("4MB") DataSize rate,
            @Min(1) @Max(64) @DefaultValue("2") int concurrency,

            @NotNull @DurationMin(seconds = 0) @DefaultValue("10m")
            Duration treeMaxAge,

            @NotNull @MinDataSize(1024) @DefaultValue("4MB") DataSize maxAnswerSize,

            @Min(1) @Max(ReplicaCodec.MAX_BATCH) @DefaultValue("64")
            int batchSize,

            @Min(1) @Max(10_000) @DefaultValue("100") int operationsKept,

            @NotNull @DurationMin(millis = 0) @DefaultValue("1m")
            Duration clockSkewAllowance,

            @Min(0) @DefaultValue("500000") long scanRate) {}

    /**
     * Streaming of key ranges to the nodes that receive them in a ring transition (docs/transfer.md).
     *
     * @param rate bytes per second this node receives over all its transfers together; 0 for no limit
     * @param maxConcurrent transfers this node receives at once
     * @param chunkBytes the bytes of objects one chunk request asks for (a larger object comes whole)
     * @param sourceDownGrace how long a source of a rebuilt range (a force-removed node's) may be
     *     down before the rebuild passes over it and completes from the other sources
     */
    public record Transfer(
            @NotNull @MinDataSize(0) @DefaultValue("32MB") DataSize rate,
            @Min(1) @Max(64) @DefaultValue("2") int maxConcurrent,
            @NotNull @MinDataSize(1024) @DefaultValue("1MB") DataSize chunkBytes,

            @NotNull @DurationMin(millis = 0) @DefaultValue("5m")
            Duration sourceDownGrace) {
        public Transfer {
            if (chunkBytes != null && chunkBytes.toBytes() > RangeChunkCodec.MAX_CHUNK_BYTES) {
                throw new IllegalArgumentException("ringkv.transfer.chunk-bytes (" + chunkBytes + ") must not be above "
                        + RangeChunkCodec.MAX_CHUNK_BYTES + " bytes");
            }
        }
    }

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
