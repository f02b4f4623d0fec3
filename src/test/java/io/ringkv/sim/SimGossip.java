package io.ringkv.sim;

import io.ringkv.membership.EndpointState;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.membership.GossipSettings;
import io.ringkv.membership.GossipTransport;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RingHolder;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/**
 * One run of a node's gossip in the simulation: the core's {@link Gossiper} and phi-accrual
 * detector over the {@link SimFabric}, and what production's edge ({@code
 * server.cluster.NodeGossip}) derives from it for the coordinator, hinted handoff and
 * anti-entropy: each member's status as of the last round, since when it has been DOWN, and {@link
 * #isUp}. A restart of the node is a new run with a new generation (its wall clock's millis, as in
 * production).
 */
public final class SimGossip {
    private final String self;
    private final Gossiper gossiper;
    private final Scheduler scheduler;
    private final Clock clock;
    private final SimFabric fabric;
    private final long intervalNanos;
    private final Map<String, MemberStatus> lastStatus = new HashMap<>();
    private final Map<String, Long> downSince = new HashMap<>();
    private final Metrics.Counter becameDown;
    private Cancellable rounds;

    /**
     * @param members every member's id, which is also its address: all are seeds (static membership)
     */
    SimGossip(
            String self,
            List<String> members,
            long intervalMillis,
            SimFabric fabric,
            Scheduler scheduler,
            Clock clock,
            Random random,
            Metrics metrics) {
        this.self = self;
        this.scheduler = scheduler;
        this.clock = clock;
        this.fabric = fabric;
        this.intervalNanos = intervalMillis * 1_000_000L;
        this.becameDown = metrics.counter("ringkv.gossip.transitions", "to", "DOWN");
        this.gossiper = new Gossiper(
                settings(intervalNanos),
                new EndpointState(self, self, clock.millis(), 1, false, "UP", "UP", 0),
                members,
                new Transport(),
                clock,
                random,
                metrics,
                RingHolder.none());
    }

    /**
     * The settings production derives from its gossip interval (as {@code NodeGossip} does): phi 8,
     * the default window, the deviation floor at most half an interval, the acceptable pause at most
     * two intervals.
     */
    static GossipSettings settings(long intervalNanos) {
        GossipSettings defaults = GossipSettings.defaults("sim");
        return new GossipSettings(
                "sim",
                intervalNanos,
                defaults.phiThreshold(),
                defaults.windowSize(),
                Math.min(defaults.minStdDevNanos(), intervalNanos / 2),
                Math.min(defaults.acceptablePauseNanos(), 2 * intervalNanos));
    }

    /** Starts the rounds, the first after {@code offsetNanos} (nodes do not start in step). */
    void start(long offsetNanos) {
        rounds = scheduler.schedule(offsetNanos, () -> {
            round();
            rounds = scheduler.scheduleAtFixedRate(intervalNanos, this::round);
        });
    }

    /** Stops the rounds (the node crashed); the next run is a new {@code SimGossip}. */
    void stop() {
        if (rounds != null) {
            rounds.cancel();
        }
    }

    private void round() {
        if (fabric.isPaused(self) || fabric.isCrashed(self)) {
            return; // a frozen node sends no heartbeats
        }
        gossiper.round();
        long now = clock.nanos();
        for (Gossiper.Member m : gossiper.members()) {
            String node = m.state().node();
            MemberStatus status = gossiper.status(node, now);
            MemberStatus before = lastStatus.put(node, status);
            if (before != null && before != status && status == MemberStatus.DOWN) {
                becameDown.increment();
            }
            if (status == MemberStatus.DOWN) {
                downSince.putIfAbsent(node, clock.millis());
            } else {
                downSince.remove(node);
            }
        }
    }

    /**
     * Whether requests may go to {@code node}: UP or SUSPECT as of the last round (asked again when
     * it was DOWN then); a node never heard of, and this one, count as up.
     */
    public boolean isUp(String node) {
        MemberStatus status = node.equals(self) ? null : lastStatus.get(node);
        if (status == MemberStatus.DOWN || status == MemberStatus.LEFT) {
            status = gossiper.status(node, clock.nanos());
        }
        return status == null || status == MemberStatus.UP || status == MemberStatus.SUSPECT;
    }

    /** Since when (this node's wall-clock millis) {@code node} has been DOWN without a break, or null. */
    public Long downSinceMillis(String node) {
        return downSince.get(node);
    }

    /** Answers a gossip message as it came off the wire. */
    Optional<byte[]> receive(byte[] bytes) {
        return gossiper.receive(bytes);
    }

    public Gossiper gossiper() {
        return gossiper;
    }

    /** This node's gossip through the fabric; addresses are node ids. */
    private final class Transport implements GossipTransport {
        @Override
        public CompletableFuture<Ack> syn(String address, Syn syn) {
            return fabric.sendSyn(self, address, syn);
        }

        @Override
        public void ack2(String address, Ack2 ack2) {
            fabric.sendAck2(self, address, ack2);
        }
    }
}
