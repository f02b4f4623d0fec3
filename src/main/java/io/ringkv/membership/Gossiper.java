package io.ringkv.membership;

import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * This node's side of gossip: it owns what the node says about itself, what it has heard of the
 * others, and how overdue their heartbeats are. {@link #round} runs every gossip interval;
 * {@link #onSyn} and {@link #onAck2} answer peers. Methods are synchronized because a transport may
 * complete an exchange on another thread; none of them blocks.
 */
public final class Gossiper {
    private static final System.Logger LOG = System.getLogger(Gossiper.class.getName());

    private final GossipSettings settings;
    private final List<String> seeds;
    private final GossipTransport transport;
    private final Clock clock;
    private final RandomGenerator random;
    private final GossipState state = new GossipState();
    private final PhiAccrualDetector detector;
    private final Metrics.Counter rounds;
    private final Metrics.Counter failedExchanges;
    private final Metrics.Counter rejectedCluster;
    private final Metrics.Counter rejectedUndecodable;
    private boolean loggedCluster;
    private boolean loggedUndecodable;
    private EndpointState self;

    /**
     * @param self what this node says about itself at start; its generation must exceed that of any
     *     earlier run of the node (its start time in milliseconds serves)
     * @param seeds addresses to contact when no peer is known, and now and then anyway
     */
    public Gossiper(
            GossipSettings settings,
            EndpointState self,
            List<String> seeds,
            GossipTransport transport,
            Clock clock,
            RandomGenerator random,
            Metrics metrics) {
        this.settings = settings;
        this.seeds = List.copyOf(seeds);
        this.transport = transport;
        this.clock = clock;
        this.random = random;
        this.detector = settings.newDetector();
        this.self = self;
        state.apply(self);
        rounds = metrics.counter("ringkv.gossip.rounds");
        failedExchanges = metrics.counter("ringkv.gossip.failed");
        rejectedCluster = metrics.counter("ringkv.gossip.rejected", "reason", "cluster");
        rejectedUndecodable = metrics.counter("ringkv.gossip.rejected", "reason", "undecodable");
    }

    /** Beats this node's heartbeat and starts an exchange with a live peer, and maybe a seed or a dead one. */
    public synchronized void round() {
        rounds.increment();
        publish(self.beat());
        long now = clock.nanos();
        List<String> live = new ArrayList<>();
        List<String> unreachable = new ArrayList<>();
        for (EndpointState s : state.all()) {
            if (s.node().equals(self.node()) || s.leaving()) {
                continue;
            }
            (detector.phi(s.node(), now) < settings.phiThreshold() ? live : unreachable).add(s.address());
        }
        String toLive = pick(live);
        if (toLive != null) {
            exchange(toLive);
        }
        // Now and then a dead node, to notice it is back, and a seed, to heal partitions; about
        // once per round across the cluster rather than once per node.
        double chance = 1.0 / (live.size() + 1);
        if (!unreachable.isEmpty() && random.nextDouble() < chance) {
            exchange(pick(unreachable));
        }
        if (live.isEmpty() || (!seeds.contains(toLive) && random.nextDouble() < chance)) {
            List<String> otherSeeds = new ArrayList<>(seeds);
            otherSeeds.remove(self.address());
            String seed = pick(otherSeeds);
            if (seed != null && !seed.equals(toLive)) {
                exchange(seed);
            }
        }
    }

    /** A peer's first step: answers with newer states and the digests wanted, or rejects it. */
    public synchronized Optional<Ack> onSyn(Syn syn) {
        if (!accept(syn)) {
            return Optional.empty();
        }
        GossipState.Reply reply = state.answer(syn.digests());
        return Optional.of(new Ack(settings.clusterName(), self.node(), reply.newer(), reply.wanted()));
    }

    /** A peer's last step: takes in the states this node wanted. */
    public synchronized void onAck2(Ack2 ack2) {
        if (accept(ack2)) {
            learn(ack2.states());
        }
    }

    /**
     * Handles a message as it came off the wire: the encoded Ack for a Syn, nothing for an Ack2, or
     * nothing (counted, never thrown) for bytes that do not decode or a message that is rejected.
     */
    public Optional<byte[]> receive(byte[] bytes) {
        GossipMessage message;
        try {
            message = GossipCodec.decode(bytes);
        } catch (EncodingException e) {
            rejectUndecodable(e);
            return Optional.empty();
        }
        if (message instanceof Syn syn) {
            return onSyn(syn).map(GossipCodec::encode);
        }
        if (message instanceof Ack2 ack2) {
            onAck2(ack2);
        } else {
            rejectUndecodable(new EncodingException("an Ack arrived unasked from " + message.from()));
        }
        return Optional.empty();
    }

    /** How this node sees {@code node} at {@code nowNanos}; DOWN for a node never heard of. */
    public synchronized MemberStatus status(String node, long nowNanos) {
        EndpointState s = state.get(node);
        if (s == null) {
            return MemberStatus.DOWN;
        }
        return status(s, phi(s, nowNanos));
    }

    /** Every node heard of, this one included, as seen now. */
    public synchronized List<Member> members() {
        long now = clock.nanos();
        List<Member> members = new ArrayList<>();
        for (EndpointState s : state.all()) {
            double phi = phi(s, now);
            members.add(new Member(s, status(s, phi), phi));
        }
        return members;
    }

    /** This node's own Actuator health, spread with its next heartbeat. */
    public synchronized void setHealth(String health) {
        publish(self.with(health, self.ringVersion(), self.leaving()));
    }

    /** The version of the ring this node holds, spread with its next heartbeat. */
    public synchronized void setRingVersion(long ringVersion) {
        publish(self.with(self.health(), ringVersion, self.leaving()));
    }

    /** Announces that this node leaves the cluster; peers then see it LEFT. */
    public synchronized void leave() {
        publish(self.with(self.health(), self.ringVersion(), /* nowLeaving= */ true));
    }

    public synchronized EndpointState self() {
        return self;
    }

    private MemberStatus status(EndpointState s, double phi) {
        if (s.leaving()) {
            return MemberStatus.LEFT;
        }
        if (phi >= settings.phiThreshold() || s.healthRoutedAround()) {
            return MemberStatus.DOWN;
        }
        return phi >= settings.phiThreshold() / 2 ? MemberStatus.SUSPECT : MemberStatus.UP;
    }

    private double phi(EndpointState s, long now) {
        return s.node().equals(self.node()) ? 0 : detector.phi(s.node(), now);
    }

    private void publish(EndpointState next) {
        self = next;
        state.apply(next);
    }

    private void exchange(String address) {
        Syn syn = new Syn(settings.clusterName(), self.node(), state.digests());
        transport.syn(address, syn).whenComplete((ack, failure) -> {
            if (failure != null) {
                onFailedExchange(failure);
            } else {
                onAck(address, ack);
            }
        });
    }

    private synchronized void onAck(String address, Ack ack) {
        if (!accept(ack)) {
            return;
        }
        learn(ack.states());
        transport.ack2(address, new Ack2(settings.clusterName(), self.node(), state.statesFor(ack.wanted())));
    }

    private void onFailedExchange(Throwable failure) {
        Throwable cause =
                failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof EncodingException e) {
            rejectUndecodable(e);
        } else {
            failedExchanges.increment();
        }
    }

    /** Takes in heard-of states; each newer one is a heartbeat of its node. */
    private void learn(List<EndpointState> states) {
        long now = clock.nanos();
        for (EndpointState s : states) {
            if (s.node().equals(self.node())) {
                outlive(s);
                continue;
            }
            EndpointState known = state.get(s.node());
            if (state.apply(s)) {
                if (known != null && s.generation() > known.generation()) {
                    // A restart: the old run's rhythm says nothing about the new one.
                    detector.remove(s.node());
                }
                detector.heartbeat(s.node(), now);
            }
        }
    }

    /**
     * A state of this node newer than its own (an earlier run with the same generation) would hide
     * its heartbeats; moving past it makes them count again.
     */
    private void outlive(EndpointState heard) {
        if (heard.generation() == self.generation() && heard.version() >= self.version()) {
            EndpointState s = self;
            publish(new EndpointState(
                    s.node(),
                    s.address(),
                    s.generation(),
                    heard.version() + 1,
                    s.leaving(),
                    s.health(),
                    s.ringVersion()));
        }
    }

    private boolean accept(GossipMessage message) {
        if (settings.clusterName().equals(message.clusterName())) {
            return true;
        }
        rejectedCluster.increment();
        if (!loggedCluster) {
            loggedCluster = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "rejected gossip from " + message.from() + " of cluster '" + message.clusterName()
                            + "'; this node is in cluster '" + settings.clusterName() + "' (logged once)");
        }
        return false;
    }

    private synchronized void rejectUndecodable(EncodingException e) {
        rejectedUndecodable.increment();
        if (!loggedUndecodable) {
            loggedUndecodable = true;
            LOG.log(
                    System.Logger.Level.WARNING,
                    "rejected gossip that does not decode (logged once): " + e.getMessage());
        }
    }

    private String pick(List<String> addresses) {
        return addresses.isEmpty() ? null : addresses.get(random.nextInt(addresses.size()));
    }

    /**
     * A member as this node sees it.
     *
     * @param phi the suspicion level of its heartbeats (0 for this node)
     */
    public record Member(EndpointState state, MemberStatus status, double phi) {}
}
