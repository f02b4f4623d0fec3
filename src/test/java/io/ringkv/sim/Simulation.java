package io.ringkv.sim;

import io.ringkv.coordinator.QuorumNotMetException;
import io.ringkv.coordinator.ReadResult;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.handoff.HintWindow;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ClientContext;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One seeded run: a cluster, a workload of client reads, writes and deletes at random nodes over
 * simulated time with faults scheduled among them, then everything healed and every key read at
 * r=all until read repair has converged. The same config always gives the same trace hash.
 */
public final class Simulation {
    public static final String BUCKET = "sim";
    /** How often every node gossips: a tenth of production's default, to fit failure detection into a run. */
    public static final long GOSSIP_INTERVAL_MILLIS = 100;
    /** A hint window that a crash or pause can outlast: hints are then dropped, and anti-entropy must repair. */
    public static final long SHORT_HINT_WINDOW_MILLIS = 400;
    /** A tombstone grace that runs outlast: their tombstones are purged once repaired. */
    public static final long SHORT_TOMBSTONE_GRACE_MILLIS = 400;
    /** How often every node flushes and merges all its tables (purging what may be purged). */
    public static final long COMPACTION_PERIOD_MILLIS = 300;
    /** A hint window no run outlasts (production's default, three hours). */
    public static final long LONG_HINT_WINDOW_MILLIS = HintWindow.DEFAULT_WINDOW_MILLIS;
    /** How often every node exchanges each of its partitions with each other replica. */
    public static final long ANTI_ENTROPY_PERIOD_MILLIS = 500;
    /** How long after healing the replicas must have converged (and every hint been handed over or dropped). */
    public static final long SETTLE_LIMIT_MILLIS = 20_000;

    private static final long HANDOFF_PERIOD_MILLIS = 200;
    private static final long STRAGGLERS_MILLIS = 2_000;

    /**
     * What to simulate.
     *
     * @param faults schedule partitions, drops, duplicates, a pause and a power cut; without, only
     *     delays reorder
     * @param strictQuorums use r = w = 2 only (r + w > n); otherwise r and w range over 1..3
     * @param tombstoneGraceMillis a deletion's tombstone is kept at least this long, and until a
     *     repair of its partition with every replica after it; {@link
     *     SimCluster#DEFAULT_TOMBSTONE_GRACE_MILLIS} (production's) keeps every tombstone of a run
     * @param hintWindowMillis no node keeps hints for a node it has seen down longer than this (at
     *     most the grace: a longer window is cut to it, as production requires)
     * @param sloppyQuorum writes may count hinted writes at fallbacks
     * @param clientRetries a client sends a write whose outcome it did not learn once more
     * @param antiEntropy nodes run anti-entropy
     */
    public record Config(
            long seed,
            int nodes,
            int ops,
            int keys,
            long durationMillis,
            long maxSkewMillis,
            boolean faults,
            boolean strictQuorums,
            long tombstoneGraceMillis,
            ConflictResolution resolution,
            boolean sloppyQuorum,
            long hintWindowMillis,
            boolean clientRetries,
            boolean antiEntropy) {

        /**
         * The default run for a seed: 3 to 5 nodes, faults in three seeds of four, a sloppy quorum in
         * one seed of two (a short hint window in half of those).
         */
        public static Config forSeed(long seed) {
            // The shape is a pure function of the seed (not a second random stream): bits of a mix.
            long h = mix(seed);
            boolean sloppy = Long.remainderUnsigned(h >>> 44, 2) == 0;
            return new Config(
                    seed,
                    3 + (int) Long.remainderUnsigned(h, 3),
                    30 + (int) Long.remainderUnsigned(h >>> 8, 31),
                    2 + (int) Long.remainderUnsigned(h >>> 16, 3),
                    3000,
                    500,
                    Long.remainderUnsigned(h >>> 24, 4) != 0,
                    Long.remainderUnsigned(h >>> 32, 3) == 0,
                    Long.remainderUnsigned(h >>> 40, 2) == 0
                            ? SimCluster.DEFAULT_TOMBSTONE_GRACE_MILLIS
                            : SHORT_TOMBSTONE_GRACE_MILLIS,
                    ConflictResolution.SIBLINGS,
                    sloppy,
                    sloppy && Long.remainderUnsigned(h >>> 48, 2) == 0
                            ? SHORT_HINT_WINDOW_MILLIS
                            : LONG_HINT_WINDOW_MILLIS,
                    true,
                    true);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** Whether a tombstone may be purged within a run (its grace is short). */
        public boolean purgesTombstones() {
            return tombstoneGraceMillis < SimCluster.DEFAULT_TOMBSTONE_GRACE_MILLIS;
        }

        public Config withResolution(ConflictResolution v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneGraceMillis,
                    v,
                    sloppyQuorum,
                    hintWindowMillis,
                    clientRetries,
                    antiEntropy);
        }

        public Config withFaults(boolean v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    v,
                    strictQuorums,
                    tombstoneGraceMillis,
                    resolution,
                    sloppyQuorum,
                    hintWindowMillis,
                    clientRetries,
                    antiEntropy);
        }

        public Config withStrictQuorums(boolean v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    v,
                    tombstoneGraceMillis,
                    resolution,
                    sloppyQuorum,
                    hintWindowMillis,
                    clientRetries,
                    antiEntropy);
        }

        /** Writes may count hinted writes at fallbacks, and nodes hand their hints over. */
        public Config withSloppyQuorum(boolean v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneGraceMillis,
                    resolution,
                    v,
                    hintWindowMillis,
                    clientRetries,
                    antiEntropy);
        }

        public Config withHintWindowMillis(long v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneGraceMillis,
                    resolution,
                    sloppyQuorum,
                    v,
                    clientRetries,
                    antiEntropy);
        }

        public Config withTombstoneGraceMillis(long v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    v,
                    resolution,
                    sloppyQuorum,
                    hintWindowMillis,
                    clientRetries,
                    antiEntropy);
        }

        /** Whether a client sends a write whose outcome it did not learn once more. */
        public Config withClientRetries(boolean v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneGraceMillis,
                    resolution,
                    sloppyQuorum,
                    hintWindowMillis,
                    v,
                    antiEntropy);
        }

        /** Whether nodes run anti-entropy (off only for the control that shows what it repairs). */
        public Config withAntiEntropy(boolean v) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneGraceMillis,
                    resolution,
                    sloppyQuorum,
                    hintWindowMillis,
                    clientRetries,
                    v);
        }
    }

    /**
     * What a run left: its history, each key's final versions (read at r=all once the replicas had
     * settled), each key's copies at its replicas, how many keys' replicas had not converged (by
     * handoff, anti-entropy and the workload's own reads, never by the final reads) within {@link
     * #SETTLE_LIMIT_MILLIS} of healing, and the faults and background work seen.
     *
     * @param settleMillis how long after healing the replicas converged, -1 if they did not
     */
    public record Outcome(
            Config config,
            History history,
            Map<String, VersionedObject> finals,
            Map<String, List<VersionedObject>> replicaCopies,
            int divergentKeys,
            long settleMillis,
            long traceHash,
            long messagesDelivered,
            long messagesDropped,
            long messagesDuplicated,
            long hintsStored,
            long hintsReplayed,
            long hintsDropped,
            long hintsPending,
            List<String> wrongViews,
            long crashes,
            long tornTails,
            long seenDown,
            long keysRepaired,
            long tombstonesPurged) {}

    private final Config config;
    private final SimCluster cluster;
    private final Random random;
    private final History history;
    private final BucketProps props;
    private final List<String> keys = new ArrayList<>();
    private int nextValue;
    /** Set at healing: no client retries after it (the workload is over). */
    private boolean healed;

    private Simulation(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.cluster = new SimCluster(
                random,
                config.nodes(),
                config.maxSkewMillis(),
                500,
                Math.min(config.hintWindowMillis(), config.tombstoneGraceMillis()),
                config.tombstoneGraceMillis());
        this.history = new History(cluster.trace());
        BucketProps d = BucketProps.DEFAULTS;
        this.props = new BucketProps(
                d.n(),
                d.r(),
                d.w(),
                d.pr(),
                d.pw(),
                d.dw(),
                config.resolution(),
                config.sloppyQuorum(),
                d.defaultTtlSeconds());
        for (int i = 0; i < config.keys(); i++) {
            keys.add("k" + i);
        }
    }

    public static Outcome run(Config config) {
        return new Simulation(config).run();
    }

    private Outcome run() {
        long duration = config.durationMillis();
        List<Long> times = new ArrayList<>();
        for (int i = 0; i < config.ops(); i++) {
            times.add(random.nextLong(duration));
        }
        times.sort(Comparator.naturalOrder());
        for (long t : times) {
            cluster.at(t, this::randomOperation);
        }
        cluster.startGossip(GOSSIP_INTERVAL_MILLIS);
        cluster.startHandoff(HANDOFF_PERIOD_MILLIS);
        if (config.antiEntropy()) {
            cluster.startAntiEntropy(ANTI_ENTROPY_PERIOD_MILLIS, 1 << 24, 500);
        }
        cluster.startCompaction(COMPACTION_PERIOD_MILLIS);
        if (config.faults()) {
            new FaultPlan(cluster, random, duration).schedule();
        }
        cluster.at(duration + 1, this::healEverything);
        cluster.run(duration + 1);
        long healedAt = cluster.nowNanos();
        long settleMillis = settle(healedAt);
        Map<String, List<VersionedObject>> copies = replicaCopies();
        int divergent = divergentKeys(copies);
        long pendingHints = cluster.hintsPending();
        List<String> wrongViews = cluster.disagreeingViews();
        // The final state, read at r=all once: after the replicas settled, so it repairs nothing.
        Map<String, CompletableFuture<ReadResult>> reads = new LinkedHashMap<>();
        for (String key : keys) {
            reads.put(key, read(key, randomLiveNode(), Quorum.ALL));
        }
        cluster.run(1000);
        Map<String, VersionedObject> finals = new LinkedHashMap<>();
        reads.forEach((key, f) -> finals.put(
                key, f.isDone() && !f.isCompletedExceptionally() ? f.join().object() : null));
        return new Outcome(
                config,
                history,
                finals,
                copies,
                divergent,
                settleMillis,
                cluster.trace().hash(),
                cluster.fabric().delivered(),
                cluster.fabric().dropped(),
                cluster.fabric().duplicated(),
                cluster.count("ringkv.hints.stored"),
                cluster.count("ringkv.hints.replayed"),
                cluster.count("ringkv.hints.dropped"),
                pendingHints,
                wrongViews,
                cluster.crashes(),
                cluster.tornTails(),
                cluster.count("ringkv.gossip.transitions", "to", "DOWN"),
                cluster.count("ringkv.repair.keys.repaired"),
                cluster.count("ringkv.repair.tombstones.purged"));
    }

    /**
     * Runs on after healing until every client operation has ended, every key's replicas hold
     * equal objects, no node holds hints and every node's gossip sees every other up, at least {@link #STRAGGLERS_MILLIS} and at most
     * {@link #SETTLE_LIMIT_MILLIS}; answers when (after healing) that last became true, or -1.
     */
    private long settle(long healedAt) {
        long convergedAt = -1;
        for (long waited = 0; waited <= SETTLE_LIMIT_MILLIS; waited += 100) {
            boolean settled = history.ops().stream().noneMatch(o -> o.outcome == History.Outcome.PENDING)
                    && divergentKeys(replicaCopies()) == 0
                    && cluster.hintsPending() == 0
                    && cluster.disagreeingViews().isEmpty();
            if (!settled) {
                convergedAt = -1;
            } else if (convergedAt < 0) {
                convergedAt = cluster.nowNanos();
            }
            if (convergedAt >= 0 && waited >= STRAGGLERS_MILLIS) {
                return (convergedAt - healedAt) / 1_000_000;
            }
            cluster.run(100);
        }
        return -1;
    }

    private void healEverything() {
        healed = true;
        SimFabric fabric = cluster.fabric();
        cluster.disarmPowerCuts();
        fabric.healLinks();
        fabric.dropRate(0);
        fabric.duplicateRate(0);
        for (String id : cluster.nodeIds()) {
            if (fabric.isCrashed(id)) {
                cluster.restart(id);
            }
        }
        cluster.trace().record("heal");
    }

    private void randomOperation() {
        String key = keys.get(random.nextInt(keys.size()));
        String node = randomLiveNode();
        int dice = random.nextInt(100);
        if (dice < 30) {
            read(key, node, Quorum.of(quorum()));
        } else if (dice < 50) {
            write(key, node, ClientContext.EMPTY, false);
        } else if (dice < 85) {
            write(key, node, contextFromAnEarlierRead(key), false);
        } else {
            write(key, node, contextFromAnEarlierRead(key), true);
        }
    }

    private int quorum() {
        if (config.strictQuorums()) {
            return 2;
        }
        int dice = random.nextInt(10);
        return dice < 2 ? 1 : dice < 8 ? 2 : 3;
    }

    private String randomLiveNode() {
        List<String> live = cluster.liveNodeIds();
        return live.get(random.nextInt(live.size()));
    }

    /**
     * The context of one of the last few successful reads of the key, as the API hands it out (with
     * the write ids of the versions read): a client may act on stale data.
     */
    private ClientContext contextFromAnEarlierRead(String key) {
        List<History.Op> reads = history.ops().stream()
                .filter(o -> o.kind == History.Kind.GET && o.key.equals(key) && o.outcome == History.Outcome.OK)
                .toList();
        if (reads.isEmpty()) {
            return ClientContext.EMPTY;
        }
        int from = Math.max(0, reads.size() - 3);
        return ClientContext.of(reads.get(from + random.nextInt(reads.size() - from)).result);
    }

    private CompletableFuture<ReadResult> read(String key, String node, Quorum r) {
        int count = r.kind() == Quorum.Kind.ALL ? SimCluster.TARGET_N : r.count();
        History.Op op = history.invoke(History.Kind.GET, node, key, null, null, count, 0, cluster.nowNanos());
        CompletableFuture<ReadResult> f = cluster.node(node)
                .coordinator()
                .get(BUCKET, bytes(key), props, new RequestQuorum(r, null, null, null, null));
        f.whenComplete((result, error) -> {
            if (error == null) {
                history.complete(op, History.Outcome.OK, null, result.object(), null, cluster.nowNanos());
            } else {
                history.complete(op, History.Outcome.FAIL, null, null, reason(error), cluster.nowNanos());
            }
        });
        return f;
    }

    private void write(String key, String node, ClientContext context, boolean delete) {
        write(key, node, context, delete ? null : "v" + nextValue++, null);
    }

    /**
     * Writes {@code value} (null: deletes); {@code retryOf} is the attempt of the same client write
     * whose outcome was unknown, which the client now sends again (to another node) unchanged.
     */
    private void write(String key, String node, ClientContext context, String value, History.Op retryOf) {
        boolean delete = value == null;
        int w = quorum();
        History.Op op = history.invoke(
                delete ? History.Kind.DELETE : History.Kind.PUT,
                node,
                key,
                value,
                context.vector(),
                0,
                w,
                cluster.nowNanos());
        op.seenWriteIds = context.writeIds();
        op.retryOf = retryOf;
        // One identity per client write, drawn from the run's random stream; the retry sends it again.
        op.writeId = retryOf != null ? retryOf.writeId : WriteId.random(random);
        // As production's KeysController writes them: a tombstone never expires, it is purged.
        Content content = delete
                ? Content.tombstone(Content.NO_EXPIRY)
                : Content.value("text/plain", bytes(value), Content.NO_EXPIRY);
        cluster.node(node)
                .coordinator()
                .put(
                        BUCKET,
                        bytes(key),
                        new WriteRequest(
                                context.vector(), content, false, config.resolution(), op.writeId, context.writeIds()),
                        props,
                        new RequestQuorum(null, Quorum.of(w), null, null, null))
                .whenComplete((stored, error) -> {
                    long now = cluster.nowNanos();
                    if (error == null) {
                        Sibling mine = newest(stored, op);
                        history.complete(op, History.Outcome.OK, mine == null ? null : mine.dot(), stored, null, now);
                    } else if (cause(error) instanceof WriteRefusedException) {
                        history.complete(op, History.Outcome.FAIL, null, null, reason(error), now);
                    } else {
                        history.complete(op, History.Outcome.UNKNOWN, null, null, reason(error), now);
                        retryLater(op);
                    }
                });
    }

    /**
     * A client that did not learn whether its write happened sends it again, once, 10–100 ms later
     * at another live node: the same value with the same context. One client write must then never
     * end as two siblings.
     */
    private void retryLater(History.Op op) {
        if (!config.clientRetries() || op.kind != History.Kind.PUT || op.retryOf != null || healed) {
            return;
        }
        long delayMillis = 10 + random.nextLong(91);
        cluster.at(cluster.nowNanos() / 1_000_000 + delayMillis, () -> {
            if (!healed) {
                write(op.key, randomLiveNode(), new ClientContext(op.context, op.seenWriteIds), op.value, op);
            }
        });
    }

    /**
     * The version a write created: the coordinating replica timestamps it after every version it
     * replaces or keeps, so it is the newest of those with its content.
     */
    private static Sibling newest(VersionedObject stored, History.Op op) {
        Sibling best = null;
        for (Sibling s : stored.siblings()) {
            boolean mine = op.kind == History.Kind.DELETE ? s.deleted() : op.value.equals(Simulation.text(s));
            if (mine && (best == null || s.timestamp() > best.timestamp())) {
                best = s;
            }
        }
        return best;
    }

    /** Each key's objects at its n replicas, in preference order (null for a copy that could not be read). */
    private Map<String, List<VersionedObject>> replicaCopies() {
        Map<String, List<VersionedObject>> copies = new LinkedHashMap<>();
        for (String key : keys) {
            List<VersionedObject> here = new ArrayList<>();
            for (String node : cluster.preferenceList(BUCKET, bytes(key), SimCluster.TARGET_N)) {
                try {
                    here.add(cluster.node(node).store().get(BUCKET, bytes(key)));
                } catch (java.io.IOException | RuntimeException e) {
                    here.add(null);
                }
            }
            copies.put(key, here);
        }
        return copies;
    }

    /** How many keys' replicas hold different versions (or could not be read). */
    private static int divergentKeys(Map<String, List<VersionedObject>> copies) {
        int divergent = 0;
        for (List<VersionedObject> here : copies.values()) {
            VersionedObject first = here.get(0);
            if (here.stream().anyMatch(o -> o == null || !o.equals(first))) {
                divergent++;
            }
        }
        return divergent;
    }

    static String text(Sibling s) {
        return new String(s.content().value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }

    private static String reason(Throwable error) {
        Throwable c = cause(error);
        return c instanceof QuorumNotMetException
                ? "quorum not met"
                : c.getClass().getSimpleName();
    }
}
