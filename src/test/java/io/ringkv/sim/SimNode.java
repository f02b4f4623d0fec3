package io.ringkv.sim;

import io.ringkv.coordinator.BatchingTransport;
import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Hlc;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * One simulated node: its own disk, skewed wall clock, storage engine, replica store and
 * coordinator, on the cluster's shared scheduler. A restart loses what was not forced to disk.
 */
public final class SimNode {
    private final String id;
    private final SkewedClock clock;
    private final SimFileIO disk = new SimFileIO();
    private final SimScheduler scheduler;
    private final Partitioner partitioner;
    private final Placement placement;
    private final SimNetwork network;
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final long timeoutMillis;
    private final ReadFanout readFanout;
    private ReplicaService service;
    private Coordinator coordinator;
    private HintedHandoff handoff;
    private long handoffPeriodNanos;
    private PartitionDigests digests;
    private AntiEntropy antiEntropy;
    private AntiEntropy.Replicas repairPlacement;
    private AntiEntropy.Settings repairSettings;

    SimNode(
            String id,
            SkewedClock clock,
            SimScheduler scheduler,
            Partitioner partitioner,
            Placement placement,
            SimNetwork network,
            long timeoutMillis,
            ReadFanout readFanout) {
        this.id = id;
        this.readFanout = readFanout;
        this.clock = clock;
        this.scheduler = scheduler;
        this.partitioner = partitioner;
        this.placement = placement;
        this.network = network;
        this.timeoutMillis = timeoutMillis;
        open();
    }

    private void open() {
        try {
            StorageOptions options = StorageOptions.builder(Path.of("/" + id))
                    .syncPolicy(SyncPolicy.ALWAYS)
                    .build();
            StorageEngine engine = StorageEngine.open(options, new StorageEnvironment(disk, clock, scheduler, metrics));
            BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
            ReplicaStore store = new ReplicaStore(
                    engine, catalog, partitioner, id, new Hlc(clock), clock, ReplicaLimits.DEFAULTS, metrics);
            HintLog hints = HintLog.open(disk, Path.of("/" + id + "-hints"), metrics);
            HintWindow window = HintWindow.unbounded(hints, clock);
            service = new ReplicaService(store, window);
            digests = new PartitionDigests(store, clock, 10_000_000_000L, 1 << 20);
            if (repairSettings != null) {
                antiEntropy = newAntiEntropy();
                antiEntropy.start();
            }
            handoff = new HintedHandoff(window, network, placement::isUp, scheduler, 0, timeoutMillis * 1_000_000L);
            if (handoffPeriodNanos > 0) {
                handoff.start(handoffPeriodNanos);
            }
            // Batched as in production, with small bounds so that lanes fill and batches form.
            coordinator = new Coordinator(
                    id,
                    placement,
                    new BatchingTransport(network, clock, timeoutMillis * 1_000_000L, 1, 4),
                    scheduler,
                    metrics,
                    timeoutMillis,
                    readFanout);
        } catch (IOException e) {
            throw new UncheckedIOException("node " + id + " failed to open its store", e);
        }
    }

    /** A power cut and restart: unforced bytes are gone, the store reopens from what is durable. */
    void restart() {
        handoff.stop();
        if (antiEntropy != null) {
            antiEntropy.stop();
        }
        disk.crash();
        open();
    }

    /** Hands this node's hints to their owners every {@code periodMillis}, across restarts. */
    void startHandoff(long periodMillis) {
        handoffPeriodNanos = periodMillis * 1_000_000L;
        handoff.start(handoffPeriodNanos);
    }

    /** Runs anti-entropy with {@code settings} from now on, across restarts. */
    void startAntiEntropy(AntiEntropy.Replicas placement, AntiEntropy.Settings settings) {
        repairPlacement = placement;
        repairSettings = settings;
        antiEntropy = newAntiEntropy();
        antiEntropy.start();
    }

    private AntiEntropy newAntiEntropy() {
        return new AntiEntropy(
                id, digests, network, network, repairPlacement, scheduler, clock, metrics, repairSettings);
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
