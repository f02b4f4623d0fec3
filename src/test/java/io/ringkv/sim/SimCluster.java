package io.ringkv.sim;

import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
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

/**
 * K nodes on one shared simulated clock and scheduler, one thread: each with its own disk, store,
 * coordinator and skewed wall clock, placed on a strategy-3 ring of 64 partitions, talking through
 * one {@link SimFabric}. Every random choice comes from {@link #random()}.
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

    /**
     * @param maxSkewMillis each node's wall clock is off by a random amount in [-max, +max]
     * @param timeoutMillis the coordinators' request timeout
     */
    public SimCluster(Random random, int size, long maxSkewMillis, long timeoutMillis) {
        this.random = random;
        this.maxSkewMillis = maxSkewMillis;
        this.fabric = new SimFabric(
                scheduler, clock, random, trace, id -> nodes.get(id).service());
        fabric.repairs(id -> nodes.get(id).digests());
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
                            ReadFanout.quorum(
                                    ReadFanout.DEFAULT_SPECULATE_AFTER_NANOS,
                                    ReadFanout.DEFAULT_REPAIR_CHANCE,
                                    random::nextDouble)));
        }
    }

    private long randomSkew() {
        return maxSkewMillis == 0 ? 0 : random.nextLong(-maxSkewMillis, maxSkewMillis + 1);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return preferences.nodes(partitioner.partitionOf(bucket, key), n);
    }

    @Override
    public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        return preferences.fallbacks(partitioner.partitionOf(bucket, key), n, this::isUp, count);
    }

    @Override
    public boolean isUp(String node) {
        return !fabric.isCrashed(node);
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
        AntiEntropy.Replicas placement = new AntiEntropy.Replicas() {
            @Override
            public int partitions() {
                return PARTITIONS;
            }

            @Override
            public List<String> replicas(int partition, int n) {
                return preferences.nodes(partition, n);
            }

            @Override
            public boolean isUp(String node) {
                return SimCluster.this.isUp(node);
            }
        };
        AntiEntropy.Settings settings = new AntiEntropy.Settings(
                periodMillis * 1_000_000L, bytesPerSecond, 2, timeoutMillis * 1_000_000L, 10, 64);
        nodes.values().forEach(node -> node.startAntiEntropy(placement, settings));
    }

    /** The sum of a counter over every node. */
    public long count(String metric) {
        return nodes.values().stream()
                .mapToLong(node -> node.metrics().count(metric))
                .sum();
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

    /** Takes a node off the network (its messages are lost) until {@link #restart}. */
    public void crash(String id) {
        fabric.crash(id);
        trace.record("crash " + id);
    }

    /**
     * Brings a crashed node back after a power cut: it reopens its store from durable bytes, and its
     * wall clock may have been stepped (forwards or back) meanwhile.
     */
    public void restart(String id) {
        nodes.get(id).clock().skewMillis(randomSkew());
        nodes.get(id).restart();
        fabric.recover(id);
        trace.record("restart " + id);
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
