package io.ringkv.sim;

import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintWindow;
import io.ringkv.port.Cancellable;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Predicate;

/**
 * K nodes on one shared simulated clock and scheduler, one thread: each with its own disk, store,
 * coordinator and skewed wall clock, placed on a strategy-3 ring of 64 partitions, talking through
 * one {@link SimFabric}. Every random choice comes from {@link #random()}. Which nodes are up is
 * each node's own business: its gossip view once {@link #startGossip} ran (before that, every node
 * counts as up, as a node never heard of does in production).
 */
public final class SimCluster implements Placement {
    public static final int PARTITIONS = 64;
    public static final int TARGET_N = 3;

    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final Random random;
    private final Trace trace = new Trace();
    private final Partitioner partitioner = new Partitioner(PARTITIONS);
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final SimFabric fabric;
    private final PreferenceList preferences;
    private final long maxSkewMillis;
    /** Production's tombstone grace (ten days): no run purges a tombstone. */
    public static final long DEFAULT_TOMBSTONE_GRACE_MILLIS = 10L * 24 * 3600 * 1000;

    private long crashes;
    private final List<Cancellable> powerCutsDue = new ArrayList<>();

    /**
     * @param maxSkewMillis each node's wall clock is off by a random amount in [-max, +max]
     * @param timeoutMillis the coordinators' request timeout
     */
    public SimCluster(Random random, int size, long maxSkewMillis, long timeoutMillis) {
        this(
                random,
                size,
                maxSkewMillis,
                timeoutMillis,
                HintWindow.DEFAULT_WINDOW_MILLIS,
                DEFAULT_TOMBSTONE_GRACE_MILLIS);
    }

    /**
     * @param hintWindowMillis no node keeps hints for a node it has seen down for longer than this;
     *     at most {@code tombstoneGraceMillis}, as production requires
     * @param tombstoneGraceMillis a tombstone is kept at least this long (its grace), and until a
     *     full repair of its partition after it (see {@link Purging})
     */
    public SimCluster(
            Random random,
            int size,
            long maxSkewMillis,
            long timeoutMillis,
            long hintWindowMillis,
            long tombstoneGraceMillis) {
        if (hintWindowMillis > tombstoneGraceMillis) {
            throw new IllegalArgumentException("hint window " + hintWindowMillis
                    + " ms is longer than the tombstone grace " + tombstoneGraceMillis + " ms");
        }
        // The most two nodes' clocks differ by, plus a write's longest time in flight (a timeout).
        Purging purging = new Purging(tombstoneGraceMillis, 2 * maxSkewMillis + timeoutMillis);
        this.random = random;
        this.maxSkewMillis = maxSkewMillis;
        this.fabric = new SimFabric(
                scheduler, clock, random, trace, id -> nodes.get(id).service());
        fabric.repairs(id -> nodes.get(id).digests());
        fabric.gossips(id -> nodes.get(id).gossip());
        List<NodeInfo> members = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            members.add(NodeInfo.of("n" + i));
        }
        Ring ring = Claim.claim(null, members, PARTITIONS, TARGET_N);
        this.preferences = new PreferenceList(ring);
        for (NodeInfo member : members) {
            long skew = randomSkew();
            String id = member.id();
            nodes.put(
                    id,
                    new SimNode(
                            id,
                            new SkewedClock(clock, skew),
                            scheduler,
                            partitioner,
                            this,
                            new SimNetwork(id, fabric),
                            timeoutMillis,
                            hintWindowMillis,
                            purging,
                            ReadFanout.quorum(
                                    ReadFanout.DEFAULT_SPECULATE_AFTER_NANOS,
                                    ReadFanout.DEFAULT_REPAIR_CHANCE,
                                    random::nextDouble)));
        }
    }

    /**
     * When a node may purge a tombstone ({@code PurgeHorizon}): a grace after it, and a clock skew
     * allowance after a repair of its partition with every replica.
     */
    record Purging(long graceMillis, long skewAllowanceMillis) {}

    /** Every node flushes and merges all its tables every {@code periodMillis}, across restarts. */
    public void startCompaction(long periodMillis) {
        nodes.values().forEach(node -> node.startCompaction(periodMillis));
    }

    private long randomSkew() {
        return maxSkewMillis == 0 ? 0 : random.nextLong(-maxSkewMillis, maxSkewMillis + 1);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return preferences.nodes(partitioner.partitionOf(bucket, key), n);
    }

    /** Up to {@code count} fallbacks beyond the key's first {@code n}, among the nodes {@code isUp} accepts. */
    List<String> fallbacks(String bucket, byte[] key, int n, int count, Predicate<String> isUp) {
        return preferences.fallbacks(partitioner.partitionOf(bucket, key), n, isUp, count);
    }

    /** A partition's first {@code n} replicas. */
    List<String> replicasOf(int partition, int n) {
        return preferences.nodes(partition, n);
    }

    /**
     * Every node gossips every {@code intervalMillis} (from a random offset), with the core's
     * gossiper and phi-accrual detector over the fabric; from then on each node's view decides whom
     * it believes up.
     */
    public void startGossip(long intervalMillis) {
        nodes.values().forEach(node -> node.startGossip(intervalMillis, random));
    }

    /** Every node hands its hints to their owners every {@code periodMillis}. */
    public void startHandoff(long periodMillis) {
        nodes.values().forEach(node -> node.startHandoff(periodMillis));
    }

    /**
     * Every node runs anti-entropy: each partition it replicates (at n = {@link #TARGET_N}) is
     * exchanged with each other replica every {@code periodMillis}, with the given byte rate.
     */
    public void startAntiEntropy(long periodMillis, long bytesPerSecond, long timeoutMillis) {
        AntiEntropy.Settings settings = new AntiEntropy.Settings(
                periodMillis * 1_000_000L, bytesPerSecond, 2, timeoutMillis * 1_000_000L, 10, 64);
        nodes.values().forEach(node -> node.startAntiEntropy(settings));
    }

    /** The sum of a counter over every node. */
    public long count(String metric, String... tags) {
        return nodes.values().stream()
                .mapToLong(node -> node.metrics().count(metric, tags))
                .sum();
    }

    /** How many targets, over every node, still have hints waiting. */
    public long hintsPending() {
        return nodes.values().stream().mapToLong(SimNode::hintTargets).sum();
    }

    /** Pairs of nodes (a, b) where a does not believe b up, among nodes that are up. */
    public List<String> disagreeingViews() {
        List<String> wrong = new ArrayList<>();
        for (SimNode a : nodes.values()) {
            for (String b : nodes.keySet()) {
                if (!fabric.isCrashed(a.id()) && !fabric.isCrashed(b) && !a.isUp(b)) {
                    wrong.add(a.id() + " sees " + b + " down");
                }
            }
        }
        return wrong;
    }

    /** How many times a node crashed. */
    public long crashes() {
        return crashes;
    }

    @Override
    public int clusterSize() {
        return nodes.size();
    }

    public SimNode node(String id) {
        return nodes.get(id);
    }

    public List<String> nodeIds() {
        return List.copyOf(nodes.keySet());
    }

    /** Nodes that are up, in a stable order. */
    public List<String> liveNodeIds() {
        return nodes.keySet().stream().filter(id -> !fabric.isCrashed(id)).toList();
    }

    /** Takes a node off the network (its messages are lost) and stops its background work until {@link #restart}. */
    public void crash(String id) {
        if (fabric.isCrashed(id)) {
            return;
        }
        fabric.crash(id);
        crashes++;
        nodes.get(id).halt();
        trace.record("crash " + id);
    }

    /**
     * A power cut that strikes in the middle of the node's disk work: the node crashes during one
     * of its next {@code 1..3} disk mutations (between a record's append and its force, in a
     * flush...), or after {@code graceMillis} if it writes nothing meanwhile. Its restart then finds
     * a torn tail. {@link #disarmPowerCuts} takes back those that have not struck.
     */
    public void powerCut(String id, long graceMillis) {
        if (fabric.isCrashed(id)) {
            return;
        }
        nodes.get(id).powerCutAfter(1 + random.nextInt(3), () -> crash(id));
        powerCutsDue.add(scheduler.schedule(graceMillis * 1_000_000L, () -> crash(id)));
        trace.record("power cut armed " + id);
    }

    /** Takes back every power cut armed that has not struck yet. */
    public void disarmPowerCuts() {
        nodes.values().forEach(SimNode::disarmPowerCut);
        powerCutsDue.forEach(Cancellable::cancel);
        powerCutsDue.clear();
    }

    /**
     * Brings a crashed node back after a power cut: it reopens its store from what is on disk (a
     * random prefix of each unforced tail included), and its wall clock may have been stepped
     * (forwards or back) meanwhile.
     */
    public void restart(String id) {
        nodes.get(id).clock().skewMillis(randomSkew());
        nodes.get(id).restart(random);
        fabric.recover(id);
        trace.record("restart " + id);
    }

    /** Files whose unforced tail a crash cut at a random point, over every node. */
    public long tornTails() {
        return nodes.values().stream().mapToLong(n -> n.disk().tornTails()).sum();
    }

    /** Runs the simulation for {@code millis} of simulated time. */
    public void run(long millis) {
        scheduler.advance(millis * 1_000_000L);
    }

    /** Runs {@code task} at {@code atMillis} of simulated time. */
    public void at(long atMillis, Runnable task) {
        scheduler.schedule(Math.max(0, atMillis * 1_000_000L - clock.nanos()), task);
    }

    public long nowNanos() {
        return clock.nanos();
    }

    public Random random() {
        return random;
    }

    public Trace trace() {
        return trace;
    }

    public SimFabric fabric() {
        return fabric;
    }

    public SimScheduler scheduler() {
        return scheduler;
    }
}
