package io.ringkv.sim;

import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.kv.BucketProps;
import io.ringkv.node.NodeAssembly;
import io.ringkv.node.NodeSettings;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

/**
 * One simulated node: its own disk, skewed wall clock, storage engine, replica store and
 * coordinator, on the cluster's shared scheduler. A restart loses what was not forced to disk.
 * Once gossip runs, the node's own gossip view (never an oracle) tells its coordinator, hinted
 * handoff, hint window and anti-entropy which nodes are up.
 */
public final class SimNode {
    /** The storage engine's memtable bound: the least it allows, so that runs flush and compact. */
    static final long MEMTABLE_BYTES = 4096;

    private final String id;
    private final SkewedClock clock;
    private final SimFileIO disk = new SimFileIO();
    private final SimScheduler scheduler;
    private final Partitioner partitioner;
    private final SimCluster cluster;
    private final Placement placement = new NodePlacement();
    private final SimNetwork network;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final long timeoutMillis;
    private final ReadFanout readFanout;
    private NodeAssembly node;
    private ReplicaService service;
    private Coordinator coordinator;
    private HintedHandoff handoff;
    private HintLog hintLog;
    private long handoffPeriodNanos;
    private PartitionDigests digests;
    private AntiEntropy antiEntropy;
    private AntiEntropy.Settings repairSettings;
    private final long hintWindowMillis;
    private final SimCluster.Purging purging;
    private StorageEngine engine;
    private long compactionPeriodNanos;
    private io.ringkv.port.Cancellable compaction;
    private SimGossip gossip;
    private long gossipIntervalMillis;

    SimNode(
            String id,
            SkewedClock clock,
            SimScheduler scheduler,
            Partitioner partitioner,
            SimCluster cluster,
            SimNetwork network,
            long timeoutMillis,
            long hintWindowMillis,
            SimCluster.Purging purging,
            ReadFanout readFanout) {
        this.id = id;
        this.readFanout = readFanout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.partitioner = partitioner;
        this.cluster = cluster;
        this.network = network;
        this.timeoutMillis = timeoutMillis;
        this.hintWindowMillis = hintWindowMillis;
        this.purging = purging;
        open();
    }

    private void open() {
        try {
            // Assembled as production assembles them (io.ringkv.node.NodeAssembly): the ledger of full
            // repairs, and the horizon that both the engine's compaction and the store's merges obey.
            node = NodeAssembly.builder(id, settings())
                    .clock(clock)
                    .scheduler(scheduler)
                    .fileIO(disk)
                    .metrics(metrics)
                    .partitioner(partitioner)
                    .peers(network)
                    .placement(placement)
                    .readFanout(readFanout)
                    .isUp(this::isUp)
                    .downSinceMillis(this::downSinceMillis)
                    .build();
            engine = node.engine();
            hintLog = node.hintLog();
            service = node.service();
            digests = node.digests();
            handoff = node.handoff();
            coordinator = node.coordinator();
            if (repairSettings != null) {
                antiEntropy = newAntiEntropy();
                antiEntropy.start();
            }
            if (handoffPeriodNanos > 0) {
                handoff.start(handoffPeriodNanos);
            }
            if (compactionPeriodNanos > 0) {
                scheduleCompaction();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("node " + id + " failed to open its store", e);
        }
    }

    /**
     * Small memtables, so that a run's few writes make tables for compaction to merge; coordinator
     * calls batched with small bounds, so that lanes fill and batches form.
     */
    private NodeSettings settings() {
        return new NodeSettings(
                StorageOptions.builder(Path.of("/" + id))
                        .syncPolicy(SyncPolicy.ALWAYS)
                        .memtableBytes(MEMTABLE_BYTES)
                        .build(),
                Path.of("/" + id + "-repair"),
                Path.of("/" + id + "-hints"),
                BucketProps.DEFAULTS,
                ReplicaLimits.DEFAULTS,
                ReplicaStore.DEFAULT_OBJECT_CACHE_BYTES,
                purging.graceMillis(),
                purging.skewAllowanceMillis(),
                hintWindowMillis,
                HintWindow.DEFAULT_MAX_BACKLOG_BYTES,
                0,
                timeoutMillis,
                1,
                4,
                10_000_000_000L,
                1 << 20,
                0);
    }

    /**
     * Stops the node's background work (gossip rounds, handoff, anti-entropy) at a crash; requests
     * in flight are lost by the network.
     */
    void halt() {
        node.halt();
        if (compaction != null) {
            compaction.cancel();
            compaction = null;
        }
        if (gossip != null) {
            gossip.stop();
        }
    }

    /**
     * Arms a power cut that strikes during the node's next disk operations: after {@code mutations}
     * more mutations, the one in progress fails and {@code onCut} runs at that point.
     */
    void powerCutAfter(long mutations, Runnable onCut) {
        disk.powerCutAfter(mutations, onCut);
    }

    /** Takes back a power cut that has not struck yet. */
    void disarmPowerCut() {
        disk.disarm();
    }

    /**
     * A restart after a power cut: unforced bytes are gone except a random prefix of each file's
     * unforced tail (a torn last record), the store reopens from what is on disk, and gossip starts
     * again as a new generation.
     */
    void restart(Random random) {
        halt();
        disk.crash(SimFileIO.TornTail.RANDOM_PREFIX, random);
        open();
        if (gossip != null) {
            gossip = newGossip(random);
            gossip.start(random.nextLong(gossipIntervalMillis * 1_000_000L));
        }
    }

    /** Starts gossip every {@code intervalMillis}, across restarts. */
    void startGossip(long intervalMillis, Random random) {
        gossipIntervalMillis = intervalMillis;
        gossip = newGossip(random);
        gossip.start(random.nextLong(intervalMillis * 1_000_000L));
    }

    private SimGossip newGossip(Random random) {
        return new SimGossip(
                id,
                cluster.nodeIds(),
                gossipIntervalMillis,
                cluster.fabric(),
                scheduler,
                clock,
                new Random(random.nextLong()),
                metrics);
    }

    /** Whether this node believes {@code node} up: its gossip view, or everyone before gossip runs. */
    public boolean isUp(String node) {
        return gossip == null || gossip.isUp(node);
    }

    /** Since when this node has seen {@code node} DOWN (its wall clock), or null. */
    public Long downSinceMillis(String node) {
        return gossip == null ? null : gossip.downSinceMillis(node);
    }

    /** This node's current gossip run, or null before gossip starts. */
    public SimGossip gossip() {
        return gossip;
    }

    /** How many targets this node holds hints for. */
    long hintTargets() {
        return hintLog.targets().size();
    }

    public SimFileIO disk() {
        return disk;
    }

    public HintedHandoff handoff() {
        return handoff;
    }

    /** Hands this node's hints to their owners every {@code periodMillis}, across restarts. */
    void startHandoff(long periodMillis) {
        handoffPeriodNanos = periodMillis * 1_000_000L;
        handoff.start(handoffPeriodNanos);
    }

    /**
     * Flushes the memtable and merges every table into one every {@code periodMillis}, across
     * restarts: a run is too short for compaction to reach a node's oldest table by its own
     * schedule, and only such a merge purges tombstones.
     */
    void startCompaction(long periodMillis) {
        compactionPeriodNanos = periodMillis * 1_000_000L;
        scheduleCompaction();
    }

    private void scheduleCompaction() {
        compaction = scheduler.schedule(compactionPeriodNanos, () -> {
            try {
                engine.flush();
                engine.compactAll();
            } catch (IOException | RuntimeException e) {
                return; // a power cut struck: the restart schedules compaction again
            }
            scheduleCompaction();
        });
    }

    /** Runs anti-entropy with {@code settings} from now on, across restarts. */
    void startAntiEntropy(AntiEntropy.Settings settings) {
        repairSettings = settings;
        antiEntropy = newAntiEntropy();
        antiEntropy.start();
    }

    private AntiEntropy newAntiEntropy() {
        AntiEntropy.Replicas replicas = new AntiEntropy.Replicas() {
            @Override
            public int partitions() {
                return SimCluster.PARTITIONS;
            }

            @Override
            public List<String> replicas(int partition, int n) {
                return cluster.replicasOf(partition, n);
            }

            @Override
            public boolean isUp(String node) {
                return SimNode.this.isUp(node);
            }
        };
        return node.antiEntropy(repairSettings, network, replicas, scheduler);
    }

    /** The cluster's placement, with this node's own view of who is up. */
    private final class NodePlacement implements Placement {
        @Override
        public List<String> preferenceList(String bucket, byte[] key, int n) {
            return cluster.preferenceList(bucket, key, n);
        }

        @Override
        public int clusterSize() {
            return cluster.clusterSize();
        }

        @Override
        public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
            return cluster.fallbacks(bucket, key, n, count, SimNode.this::isUp);
        }

        @Override
        public boolean isUp(String node) {
            return SimNode.this.isUp(node);
        }
    }

    /** This node's anti-entropy, or null when it runs none. */
    public AntiEntropy antiEntropy() {
        return antiEntropy;
    }

    public PartitionDigests digests() {
        return digests;
    }

    public RecordingMetrics metrics() {
        return metrics;
    }

    public String id() {
        return id;
    }

    public SkewedClock clock() {
        return clock;
    }

    public ReplicaService service() {
        return service;
    }

    public ReplicaStore store() {
        return service.store();
    }

    public Coordinator coordinator() {
        return coordinator;
    }
}
