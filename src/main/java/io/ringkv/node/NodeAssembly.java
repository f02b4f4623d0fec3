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
import io.ringkv.membership.Claimant;
import io.ringkv.membership.RangeStats;
import io.ringkv.membership.RingKeeper;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.port.RepairTransport;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.PurgeHorizon;
import io.ringkv.repair.RepairLedger;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.NodeIncarnation;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.transfer.RangeDropper;
import io.ringkv.transfer.RangeSizes;
import io.ringkv.transfer.RangeSource;
import io.ringkv.transfer.StreamTransport;
import io.ringkv.transfer.TransferDuties;
import io.ringkv.transfer.TransferReports;
import io.ringkv.transfer.TransferScheduler;
import io.ringkv.transfer.TransferWork;
import java.io.IOException;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * One node's parts, built over the ports in one place and in the order they depend on each other;
 * the server, the simulation and the tests all assemble a node here. In order: the ledger of full
 * repairs and the purge horizon, the storage engine (whose compactions obey that horizon), the
 * bucket catalog, the replica store (whose merges obey it too; its dots named by the node's
 * incarnation when one is given), the hint log and window, the replica service, the transport to
 * replicas (this node's own in process, the others over the given transport, batched per peer when
 * the settings say so), the partition digests, hinted handoff and the coordinator. With {@link
 * Membership} ports, also the claimant, the range source and the transfer work, and the rule that
 * only a replica serving a key's range coordinates its writes.
 *
 * <p>Nothing is started: the caller starts handoff, {@link #startMembership} and anti-entropy.
 * {@link #close} stops them all and closes the node's files, recording a clean stop in the
 * incarnation when the storage engine never failed.
 */
public final class NodeAssembly implements AutoCloseable {
    /** A range's size is counted again after this long when it has had writes. */
    private static final long RANGE_SIZES_MAX_AGE_NANOS = 60_000_000_000L;

    private final String nodeId;
    private final Clock clock;
    private final Metrics metrics;
    private final NodeIncarnation incarnation;
    private final RepairLedger ledger;
    private final PurgeHorizon purgeHorizon;
    private final StorageEngine engine;
    private final BucketCatalog catalog;
    private final ReplicaStore store;
    private final HintLog hintLog;
    private final HintWindow hintWindow;
    private final ReplicaService service;
    private final ReplicaTransport peers;
    private final ReplicaTransport replicas;
    private final HintedHandoff handoff;
    private final PartitionDigests digests;
    private final Coordinator coordinator;
    private final Membership membership;
    private final Claimant claimant;
    private final RangeSource rangeSource;
    private final TransferWork transferWork;
    private Cancellable claimantTicks;
    private AntiEntropy antiEntropy;
    private boolean halted;
    /** Renewals of the actor of a node built without an incarnation. */
    private int actorRenewals;

    private boolean closed;

    private NodeAssembly(Builder b) throws IOException {
        NodeSettings s = b.settings;
        nodeId = b.nodeId;
        clock = b.clock;
        metrics = b.metrics;
        incarnation = b.incarnation;
        peers = b.peers;
        membership = b.membership;
        ledger = RepairLedger.open(b.fileIO, s.repairDir(), b.clock);
        purgeHorizon =
                new PurgeHorizon(ledger, b.clock, s.tombstoneGraceMillis(), s.clockSkewAllowanceMillis(), b.metrics);
        engine = StorageEngine.open(
                s.storage().toBuilder().purgeGate(purgeHorizon).build(),
                new StorageEnvironment(b.fileIO, b.clock, b.storageScheduler, b.metrics));
        try {
            catalog = BucketCatalog.load(engine, s.bucketDefaults());
            store = new ReplicaStore(
                    engine,
                    catalog,
                    b.partitioner,
                    incarnation == null ? nodeId : incarnation.actor(),
                    new Hlc(b.clock),
                    b.clock,
                    s.limits(),
                    s.objectCacheBytes(),
                    b.metrics);
            store.purgeHorizons(purgeHorizon);
            hintLog = HintLog.open(b.fileIO, s.hintDir(), b.metrics);
        } catch (IOException | RuntimeException e) {
            engine.close();
            throw e;
        }
        hintWindow = new HintWindow(hintLog, b.clock, b.downSinceMillis, s.hintWindowMillis(), s.hintBacklogBytes());
        service = new ReplicaService(store, hintWindow);
        digests = new PartitionDigests(
                store, b.clock, s.treeMaxAgeNanos(), s.maxAnswerBytes(), purgeHorizon, s.scanKeysPerSecond());
        long timeoutNanos = s.requestTimeoutMillis() * 1_000_000L;
        ReplicaTransport remote = s.replicaCallsPerPeer() > 0
                ? new BatchingTransport(b.peers, b.clock, timeoutNanos, s.replicaCallsPerPeer(), s.replicaBatchSize())
                : b.peers;
        replicas = new LocalFirstTransport(nodeId, service, remote);
        handoff = new HintedHandoff(
                hintWindow,
                replicas,
                b.isUp,
                b.isMember,
                b.hintRoutes,
                b.scheduler,
                s.handoffBytesPerSecond(),
                timeoutNanos);
        coordinator = new Coordinator(
                nodeId, b.placement, replicas, b.scheduler, b.metrics, s.requestTimeoutMillis(), b.readFanout);
        if (membership == null) {
            claimant = null;
            rangeSource = null;
            transferWork = null;
        } else {
            Membership m = membership;
            service.coordinationGate(new ServedRangeGate(nodeId, m.keeper(), b.partitioner, catalog));
            claimant = new Claimant(
                    nodeId, m.keeper(), m.spread(), m.clusterName(), m.nVal(), this::largestBucketN, m.rangeStats());
            // A transition ends only once every member up holds its last ring (docs/membership.md).
            claimant.finishWhen(() -> m.announced().get().lowest());
            rangeSource = new RangeSource(
                    store,
                    new RangeSizes(store, b.clock, RANGE_SIZES_MAX_AGE_NANOS),
                    m.transfers().chunkBytes());
            transferWork = new TransferWork(
                    nodeId,
                    m.keeper()::ring,
                    m.announced(),
                    // as the claimant computes transfers: for n_val or the longest preference list
                    () -> Math.max(m.nVal(), largestBucketN()),
                    completion -> new TransferScheduler(
                            store,
                            m.streams(),
                            m.scheduler(),
                            b.clock,
                            b.metrics,
                            m.transfers(),
                            completion,
                            source -> downLongerThan(b.downSinceMillis, source, m.sourceDownGraceMillis())),
                    new RangeDropper(store, b.metrics, this::renewActor),
                    m.reports(),
                    m.scheduler(),
                    b.clock::nanos,
                    timeoutNanos);
        }
    }

    /**
     * The cluster's ring and its changes, for a node that takes part in them.
     *
     * @param keeper holds this node's ring
     * @param clusterName the cluster's name: a joining node must carry the same
     * @param nVal the cluster's n_val
     * @param spread hands each ring the claimant makes to the other nodes (gossip)
     * @param rangeStats estimates each planned transfer's keys and bytes
     * @param announced the ring versions the members that are up hold, this node's included: the
     *     transfers start, and the claimant ends a transition, by them
     * @param streams range chunks from other nodes
     * @param reports where received ranges are reported (to the claimant)
     * @param scheduler where transfers merge and drops delete
     * @param transfers rate, concurrency and chunk size of transfers (the range source's chunks too)
     * @param sourceDownGraceMillis how long a source of a rebuild (the ranges of a force-removed
     *     node) may be down before the rebuild passes over it; until then it waits for the source,
     *     whose copies may be the only ones of some writes
     * @param periodNanos how often the claimant and the transfer work look at the ring
     */
    public record Membership(
            RingKeeper keeper,
            String clusterName,
            int nVal,
            Consumer<Ring> spread,
            RangeStats rangeStats,
            Supplier<TransferDuties.Announced> announced,
            StreamTransport streams,
            TransferReports reports,
            Scheduler scheduler,
            TransferScheduler.Settings transfers,
            long sourceDownGraceMillis,
            long periodNanos) {
        public Membership {
            Objects.requireNonNull(keeper, "ring keeper");
            Objects.requireNonNull(clusterName, "cluster name");
            Objects.requireNonNull(spread, "ring spread");
            Objects.requireNonNull(rangeStats, "range stats");
            Objects.requireNonNull(announced, "announced ring versions");
            Objects.requireNonNull(streams, "stream transport");
            Objects.requireNonNull(reports, "transfer reports");
            Objects.requireNonNull(scheduler, "transfer scheduler");
            Objects.requireNonNull(transfers, "transfer settings");
            if (nVal < 1 || periodNanos <= 0) {
                throw new IllegalArgumentException(
                        "n_val and the period must be positive: " + nVal + ", " + periodNanos);
            }
        }
    }

    /** Whether this node has seen {@code node} down for longer than {@code graceMillis}. */
    private boolean downLongerThan(Function<String, Long> downSinceMillis, String node, long graceMillis) {
        Long since = downSinceMillis.apply(node);
        return since != null && clock.millis() - since >= graceMillis;
    }

    /**
     * Gives the node's dots a name under which none was issued (before it deletes a range it no
     * longer replicates, see {@link RangeDropper}): a renewed incarnation, durable when this returns.
     */
    private synchronized void renewActor() throws IOException {
        String next = incarnation != null
                ? incarnation.renew()
                : nodeId + NodeIncarnation.SEPARATOR + "r" + (++actorRenewals);
        store.renewActor(next);
        System.getLogger(NodeAssembly.class.getName())
                .log(System.Logger.Level.INFO, "dots of this node are issued as {0} from now on", next);
    }

    /** The longest preference list of any bucket this node knows (the defaults' included). */
    private int largestBucketN() {
        int n = catalog.defaults().n();
        for (String bucket : catalog.buckets()) {
            n = Math.max(n, catalog.props(bucket).n());
        }
        return n;
    }

    /**
     * Starts the claimant's checks (does the transition end?) and the transfer work, every {@link
     * Membership#periodNanos}; only for a node built with {@link Membership} ports.
     */
    public synchronized void startMembership() {
        Membership m = requireMembership();
        if (claimantTicks != null || halted) {
            return;
        }
        claimantTicks = m.scheduler().scheduleAtFixedRate(m.periodNanos(), () -> {
            try {
                claimant.tick();
            } catch (RuntimeException e) {
                // the ring changed under it, or the node stops: the next tick tries again
                System.getLogger(NodeAssembly.class.getName())
                        .log(System.Logger.Level.DEBUG, "the claimant could not end the transition: " + e);
            }
        });
        transferWork.start(m.periodNanos());
    }

    /**
     * This node's anti-entropy over its digests and ledger, exchanging keys with the other replicas
     * over the transport to peers (unbatched: syncing keys does not queue behind client traffic);
     * not started. The node keeps the latest one made and stops it when it closes.
     */
    public synchronized AntiEntropy antiEntropy(
            AntiEntropy.Settings repairSettings,
            RepairTransport repairs,
            AntiEntropy.Replicas placement,
            Scheduler repairScheduler) {
        if (antiEntropy != null) {
            antiEntropy.stop();
        }
        antiEntropy = new AntiEntropy(
                nodeId, digests, peers, repairs, placement, repairScheduler, clock, metrics, repairSettings, ledger);
        return antiEntropy;
    }

    /**
     * Stops the node's background work (handoff, anti-entropy, the claimant's checks, transfers)
     * and leaves its files as they are, as a crash would. Idempotent.
     */
    public synchronized void halt() {
        halted = true;
        handoff.stop();
        if (antiEntropy != null) {
            antiEntropy.stop();
        }
        if (claimantTicks != null) {
            claimantTicks.cancel();
            claimantTicks = null;
        }
        if (transferWork != null) {
            transferWork.close();
        }
    }

    /**
     * {@link #halt Halts} the node, then closes its hint log and storage engine; if the engine closed
     * and never failed, the incarnation records a clean stop, so the next start keeps it. Idempotent.
     */
    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        halt();
        try {
            hintLog.close();
        } finally {
            engine.close();
        }
        if (incarnation != null) {
            if (engine.failure() != null) {
                System.getLogger(NodeAssembly.class.getName())
                        .log(System.Logger.Level.WARNING, "storage failed: the next start begins a new incarnation");
                return;
            }
            incarnation.stoppedCleanly();
        }
    }

    private Membership requireMembership() {
        if (membership == null) {
            throw new IllegalStateException("node " + nodeId + " was built without membership ports");
        }
        return membership;
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

    /** Hinted handoff, over the same transport to replicas as the coordinator; not started. */
    public HintedHandoff handoff() {
        return handoff;
    }

    /** Requests to replicas as the coordinator and handoff send them: this node's own in process. */
    public ReplicaTransport replicaTransport() {
        return replicas;
    }

    /** The node's incarnation, or null when it was built without one (its dots then carry its id). */
    public NodeIncarnation incarnation() {
        return incarnation;
    }

    /** The one node that makes ring versions, when this is it; null without membership ports. */
    public Claimant claimant() {
        return claimant;
    }

    /** Chunks of this node's ranges for the nodes that receive them; null without membership ports. */
    public RangeSource rangeSource() {
        return rangeSource;
    }

    /** Transfers into this node and drops of ranges it no longer replicates; null without membership ports. */
    public TransferWork transferWork() {
        return transferWork;
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
        private Clock clock;
        private Scheduler scheduler;
        private Scheduler storageScheduler;
        private FileIO fileIO;
        private Metrics metrics;
        private Partitioner partitioner;
        private ReplicaTransport peers;
        private NodeIncarnation incarnation;
        private Membership membership;
        private Placement placement;
        private ReadFanout readFanout;
        private Predicate<String> isUp = node -> true;
        private Predicate<String> isMember = node -> true;
        private Function<String, Long> downSinceMillis = node -> null;
        private HintRoutes hintRoutes = HintRoutes.direct();

        private Builder(String nodeId, NodeSettings settings) {
            this.nodeId = Objects.requireNonNull(nodeId, "node id");
            this.settings = Objects.requireNonNull(settings, "settings");
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

        /**
         * Requests to the other nodes' replicas (this node's own are served in process): the
         * coordinator's and handoff's, batched per peer as the settings say, and anti-entropy's.
         */
        public Builder peers(ReplicaTransport v) {
            peers = v;
            return this;
        }

        /** The incarnation whose name the store's dots carry and which records clean stops. */
        public Builder incarnation(NodeIncarnation v) {
            incarnation = v;
            return this;
        }

        /** Takes part in ring changes: claimant, range source and transfers (see {@link Membership}). */
        public Builder membership(Membership v) {
            membership = v;
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
            Objects.requireNonNull(peers, "transport to peers");
            Objects.requireNonNull(placement, "placement");
            Objects.requireNonNull(readFanout, "read fanout");
            if (storageScheduler == null) {
                storageScheduler = scheduler;
            }
            return new NodeAssembly(this);
        }
    }
}
