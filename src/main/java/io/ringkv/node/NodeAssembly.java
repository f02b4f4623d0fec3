package io.ringkv.node;

import io.ringkv.coordinator.BatchingTransport;
import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintRoutes;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.kv.Hlc;
import io.ringkv.port.Clock;
import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.PurgeHorizon;
import io.ringkv.repair.RepairLedger;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * One node's parts, built over the ports in one place and in the order they depend on each other:
 * the ledger of full repairs and the purge horizon, the storage engine (whose compactions obey that
 * horizon), the bucket catalog, the replica store (whose merges obey it too), the hint log and
 * window, the replica service, the partition digests, hinted handoff and the coordinator (its
 * calls batched per peer when the settings say so). Nothing is started: the caller starts handoff
 * and anything else that runs on a schedule.
 */
public final class NodeAssembly {
    private final RepairLedger ledger;
    private final PurgeHorizon purgeHorizon;
    private final StorageEngine engine;
    private final BucketCatalog catalog;
    private final ReplicaStore store;
    private final HintLog hintLog;
    private final HintWindow hintWindow;
    private final ReplicaService service;
    private final HintedHandoff handoff;
    private final PartitionDigests digests;
    private final Coordinator coordinator;

    private NodeAssembly(Builder b) throws IOException {
        NodeSettings s = b.settings;
        ledger = RepairLedger.open(b.fileIO, s.repairDir(), b.clock);
        purgeHorizon =
                new PurgeHorizon(ledger, b.clock, s.tombstoneGraceMillis(), s.clockSkewAllowanceMillis(), b.metrics);
        engine = StorageEngine.open(
                s.storage().toBuilder().purgeGate(purgeHorizon).build(),
                new StorageEnvironment(b.fileIO, b.clock, b.storageScheduler, b.metrics));
        catalog = BucketCatalog.load(engine, s.bucketDefaults());
        store = new ReplicaStore(
                engine,
                catalog,
                b.partitioner,
                b.actor,
                new Hlc(b.clock),
                b.clock,
                s.limits(),
                s.objectCacheBytes(),
                b.metrics);
        store.purgeHorizons(purgeHorizon);
        hintLog = HintLog.open(b.fileIO, s.hintDir(), b.metrics);
        hintWindow = new HintWindow(hintLog, b.clock, b.downSinceMillis, s.hintWindowMillis(), s.hintBacklogBytes());
        service = new ReplicaService(store, hintWindow);
        digests = new PartitionDigests(
                store, b.clock, s.treeMaxAgeNanos(), s.maxAnswerBytes(), purgeHorizon, s.scanKeysPerSecond());
        long timeoutNanos = s.requestTimeoutMillis() * 1_000_000L;
        handoff = new HintedHandoff(
                hintWindow,
                b.replicaTransport,
                b.isUp,
                b.isMember,
                b.hintRoutes,
                b.scheduler,
                s.handoffBytesPerSecond(),
                timeoutNanos);
        ReplicaTransport coordinatorTransport = s.replicaCallsPerPeer() > 0
                ? new BatchingTransport(
                        b.replicaTransport, b.clock, timeoutNanos, s.replicaCallsPerPeer(), s.replicaBatchSize())
                : b.replicaTransport;
        coordinator = new Coordinator(
                b.nodeId,
                b.placement,
                coordinatorTransport,
                b.scheduler,
                b.metrics,
                s.requestTimeoutMillis(),
                b.readFanout);
    }

    /** A builder of the node {@code nodeId} with {@code settings}; every port must be given. */
    public static Builder builder(String nodeId, NodeSettings settings) {
        return new Builder(nodeId, settings);
    }

    /** Per partition, the start of the latest full repair with every other replica. */
    public RepairLedger ledger() {
        return ledger;
    }

    /** When tombstones may be purged: the engine's purge gate and the store's merge horizon. */
    public PurgeHorizon purgeHorizon() {
        return purgeHorizon;
    }

    public StorageEngine engine() {
        return engine;
    }

    public BucketCatalog catalog() {
        return catalog;
    }

    public ReplicaStore store() {
        return store;
    }

    public HintLog hintLog() {
        return hintLog;
    }

    public HintWindow hintWindow() {
        return hintWindow;
    }

    public ReplicaService service() {
        return service;
    }

    /** Hinted handoff over the replica transport as given (not batched); not started. */
    public HintedHandoff handoff() {
        return handoff;
    }

    public PartitionDigests digests() {
        return digests;
    }

    public Coordinator coordinator() {
        return coordinator;
    }

    /** The ports and the node's view of its cluster, then {@link #build()}. */
    public static final class Builder {
        private final String nodeId;
        private final NodeSettings settings;
        private String actor;
        private Clock clock;
        private Scheduler scheduler;
        private Scheduler storageScheduler;
        private FileIO fileIO;
        private Metrics metrics;
        private Partitioner partitioner;
        private ReplicaTransport replicaTransport;
        private Placement placement;
        private ReadFanout readFanout;
        private Predicate<String> isUp = node -> true;
        private Predicate<String> isMember = node -> true;
        private Function<String, Long> downSinceMillis = node -> null;
        private HintRoutes hintRoutes = HintRoutes.direct();

        private Builder(String nodeId, NodeSettings settings) {
            this.nodeId = Objects.requireNonNull(nodeId, "node id");
            this.settings = Objects.requireNonNull(settings, "settings");
            this.actor = nodeId;
        }

        /** The name of the dots the replica store issues; the node id unless given. */
        public Builder actor(String v) {
            actor = v;
            return this;
        }

        public Builder clock(Clock v) {
            clock = v;
            return this;
        }

        /** Where timeouts and handoff rounds run; also the storage engine's unless one is given. */
        public Builder scheduler(Scheduler v) {
            scheduler = v;
            return this;
        }

        /** Where the storage engine's flushes and compactions run. */
        public Builder storageScheduler(Scheduler v) {
            storageScheduler = v;
            return this;
        }

        public Builder fileIO(FileIO v) {
            fileIO = v;
            return this;
        }

        public Builder metrics(Metrics v) {
            metrics = v;
            return this;
        }

        public Builder partitioner(Partitioner v) {
            partitioner = v;
            return this;
        }

        /** Requests to replicas: the coordinator's (batched per the settings) and handoff's. */
        public Builder replicaTransport(ReplicaTransport v) {
            replicaTransport = v;
            return this;
        }

        public Builder placement(Placement v) {
            placement = v;
            return this;
        }

        public Builder readFanout(ReadFanout v) {
            readFanout = v;
            return this;
        }

        /** Whether this node sees {@code node} up; every node is, unless given. */
        public Builder isUp(Predicate<String> v) {
            isUp = v;
            return this;
        }

        /** Whether {@code node} is still a member (hints of others are dropped); all are, unless given. */
        public Builder isMember(Predicate<String> v) {
            isMember = v;
            return this;
        }

        /** Since when this node has seen {@code node} down (wall clock), or null; never, unless given. */
        public Builder downSinceMillis(Function<String, Long> v) {
            downSinceMillis = v;
            return this;
        }

        /** Where a hint goes now; to its own target, unless given. */
        public Builder hintRoutes(HintRoutes v) {
            hintRoutes = v;
            return this;
        }

        /** Opens the node's files and builds its parts. */
        public NodeAssembly build() throws IOException {
            Objects.requireNonNull(clock, "clock");
            Objects.requireNonNull(scheduler, "scheduler");
            Objects.requireNonNull(fileIO, "file IO");
            Objects.requireNonNull(metrics, "metrics");
            Objects.requireNonNull(partitioner, "partitioner");
            Objects.requireNonNull(replicaTransport, "replica transport");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(readFanout, "read fanout");
            Objects.requireNonNull(actor, "actor");
            if (storageScheduler == null) {
                storageScheduler = scheduler;
            }
            return new NodeAssembly(this);
        }
    }
}
