package io.ringkv.sim;

import io.ringkv.coordinator.QuorumNotMetException;
import io.ringkv.coordinator.ReadResult;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.replica.WriteRefusedException;
import io.ringkv.replica.WriteRequest;
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

    /**
     * What to simulate.
     *
     * @param faults schedule partitions, drops, duplicates and a crash; without, only delays reorder
     * @param strictQuorums use r = w = 2 only (r + w > n); otherwise r and w range over 1..3
     * @param tombstoneMillis how long a deletion's tombstone lives (by the coordinator's clock), 0 for ever
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
            long tombstoneMillis,
            ConflictResolution resolution,
            boolean sloppyQuorum) {

        /** The default run for a seed: 3 to 5 nodes, faults in three seeds of four. */
        public static Config forSeed(long seed) {
            // The shape is a pure function of the seed (not a second random stream): bits of a mix.
            long h = mix(seed);
            return new Config(
                    seed,
                    3 + (int) Long.remainderUnsigned(h, 3),
                    30 + (int) Long.remainderUnsigned(h >>> 8, 31),
                    2 + (int) Long.remainderUnsigned(h >>> 16, 3),
                    3000,
                    500,
                    Long.remainderUnsigned(h >>> 24, 4) != 0,
                    Long.remainderUnsigned(h >>> 32, 3) == 0,
                    Long.remainderUnsigned(h >>> 40, 2) == 0 ? 0 : 300,
                    ConflictResolution.SIBLINGS,
                    false);
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        public Config withResolution(ConflictResolution r) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneMillis,
                    r,
                    sloppyQuorum);
        }

        public Config withFaults(boolean f) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    f,
                    strictQuorums,
                    tombstoneMillis,
                    resolution,
                    sloppyQuorum);
        }

        public Config withStrictQuorums(boolean s) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    s,
                    tombstoneMillis,
                    resolution,
                    sloppyQuorum);
        }

        /** Writes may count hinted writes at fallbacks, and nodes hand their hints over. */
        public Config withSloppyQuorum(boolean sloppy) {
            return new Config(
                    seed,
                    nodes,
                    ops,
                    keys,
                    durationMillis,
                    maxSkewMillis,
                    faults,
                    strictQuorums,
                    tombstoneMillis,
                    resolution,
                    sloppy);
        }
    }

    /** What a run left: its history, each key's final versions, how far replicas still differ. */
    public record Outcome(
            Config config,
            History history,
            Map<String, VersionedObject> finals,
            int divergentKeys,
            long traceHash,
            long messagesDelivered,
            long messagesDropped,
            long messagesDuplicated,
            long hintsStored,
            long hintsReplayed,
            long hintsDropped) {}

    private final Config config;
    private final SimCluster cluster;
    private final Random random;
    private final History history;
    private final BucketProps props;
    private final List<String> keys = new ArrayList<>();
    private int nextValue;

    private Simulation(Config config) {
        this.config = config;
        this.random = new Random(config.seed());
        this.cluster = new SimCluster(random, config.nodes(), config.maxSkewMillis(), 500);
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
        if (config.sloppyQuorum()) {
            cluster.startHandoff(200);
        }
        if (config.faults()) {
            new FaultPlan(cluster, random, duration).schedule();
        }
        cluster.at(duration + 1, this::healEverything);
        // Long enough for every coordinator timeout and straggling message.
        cluster.run(duration + 2000);
        Map<String, VersionedObject> finals = new LinkedHashMap<>();
        for (int round = 0; round < 2; round++) {
            Map<String, CompletableFuture<ReadResult>> reads = new LinkedHashMap<>();
            for (String key : keys) {
                reads.put(key, read(key, randomLiveNode(), Quorum.ALL));
            }
            cluster.run(1000);
            reads.forEach((key, f) -> finals.put(
                    key, f.isDone() && !f.isCompletedExceptionally() ? f.join().object() : null));
        }
        return new Outcome(
                config,
                history,
                finals,
                divergentKeys(),
                cluster.trace().hash(),
                cluster.fabric().delivered(),
                cluster.fabric().dropped(),
                cluster.fabric().duplicated(),
                cluster.count("ringkv.hints.stored"),
                cluster.count("ringkv.hints.replayed"),
                cluster.count("ringkv.hints.dropped"));
    }

    private void healEverything() {
        SimFabric fabric = cluster.fabric();
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
            write(key, node, VersionVector.EMPTY, false);
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

    /** The context of one of the last few successful reads of the key: a client may act on stale data. */
    private VersionVector contextFromAnEarlierRead(String key) {
        List<History.Op> reads = history.ops().stream()
                .filter(o -> o.kind == History.Kind.GET && o.key.equals(key) && o.outcome == History.Outcome.OK)
                .toList();
        if (reads.isEmpty()) {
            return VersionVector.EMPTY;
        }
        int from = Math.max(0, reads.size() - 3);
        return reads.get(from + random.nextInt(reads.size() - from)).result.context();
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

    private void write(String key, String node, VersionVector context, boolean delete) {
        String value = delete ? null : "v" + nextValue++;
        int w = quorum();
        History.Op op = history.invoke(
                delete ? History.Kind.DELETE : History.Kind.PUT, node, key, value, context, 0, w, cluster.nowNanos());
        Content content = delete
                ? Content.tombstone(
                        config.tombstoneMillis() == 0
                                ? Content.NO_EXPIRY
                                : cluster.node(node).clock().millis() + config.tombstoneMillis())
                : Content.value("text/plain", bytes(value), Content.NO_EXPIRY);
        cluster.node(node)
                .coordinator()
                .put(
                        BUCKET,
                        bytes(key),
                        new WriteRequest(context, content, false, config.resolution()),
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

    /** How many keys' replicas still hold different versions once everything has settled. */
    private int divergentKeys() {
        int divergent = 0;
        for (String key : keys) {
            VersionedObject first = null;
            for (String node : cluster.preferenceList(BUCKET, bytes(key), SimCluster.TARGET_N)) {
                try {
                    VersionedObject here = cluster.node(node).store().get(BUCKET, bytes(key));
                    if (first == null) {
                        first = here;
                    } else if (!first.equals(here)) {
                        divergent++;
                        break;
                    }
                } catch (java.io.IOException e) {
                    divergent++;
                    break;
                }
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
