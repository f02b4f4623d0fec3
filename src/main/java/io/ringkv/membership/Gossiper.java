package io.ringkv.membership;

import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.ring.Ring;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.random.RandomGenerator;

/**
 * This node's side of gossip: it owns what the node says about itself, what it has heard of the
 * others, and how overdue their heartbeats are. {@link #round} runs every gossip interval;
 * {@link #onSyn} and {@link #onAck2} answer peers. It also spreads the ring: every message says
 * the version of the ring its sender holds, and a side with a newer ring sends it along; a node
 * adopts a ring only when its version is greater than that of the one it holds, so the highest
 * version wins everywhere. Methods are synchronized because a transport may complete an exchange on
 * another thread; none of them blocks.
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
    private final Metrics.Counter rejectedRingOlder;
    private final Metrics.Counter rejectedRingConflict;
    private final Metrics.Counter rejectedRingUnusable;
    private final Metrics.Counter ringsAdopted;
    private final RingHolder ringHolder;
    private boolean loggedCluster;
    private boolean loggedUndecodable;
    private EndpointState self;
    /** Volatile for the version gauge, which reads it without the lock. */
    private volatile Ring ring;
    /** Rejected rings already logged (sender and version), so a lasting disagreement logs once. */
    private final Set<String> loggedRingRejections = new HashSet<>();

    /**
     * @param self what this node says about itself at start; its generation must exceed that of any
     *     earlier run of the node (its start time in milliseconds serves)
     * @param seeds addresses to contact when no peer is known, and now and then anyway
     * @param ringHolder takes the rings this node adopts from gossip (and from {@link #offerRing})
     */
    public Gossiper(
            GossipSettings settings,
            EndpointState self,
            List<String> seeds,
            GossipTransport transport,
            Clock clock,
            RandomGenerator random,
            Metrics metrics,
            RingHolder ringHolder) {
        this.ringHolder = ringHolder;
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
        rejectedRingOlder = metrics.counter("ringkv.gossip.rejected", "reason", "ring-older");
        rejectedRingConflict = metrics.counter("ringkv.gossip.rejected", "reason", "ring-conflict");
        rejectedRingUnusable = metrics.counter("ringkv.gossip.rejected", "reason", "ring-unusable");
        ringsAdopted = metrics.counter("ringkv.ring.adopted");
        metrics.gauge("ringkv.ring.version", this::ringVersion);
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
        // A seed: always while no peer is live; else now and then when this round's peer was not a
        // seed, or fewer peers are live than there are seeds — where every member is a seed, two
        // groups that found only each other would otherwise never meet.
        List<String> otherSeeds = new ArrayList<>(seeds);
        otherSeeds.remove(self.address());
        boolean seedReached = toLive != null && seeds.contains(toLive);
        if (live.isEmpty() || ((!seedReached || live.size() < otherSeeds.size()) && random.nextDouble() < chance)) {
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
        return Optional.of(new Ack(
                settings.clusterName(),
                self.node(),
                ringVersion(),
                newerThan(syn.ringVersion()),
                reply.newer(),
                reply.wanted()));
    }

    /** A peer's last step: takes in the states this node wanted, and its ring if it sent one. */
    public synchronized void onAck2(Ack2 ack2) {
        if (accept(ack2)) {
            adopt(ack2.ring(), ack2.from());
            learn(ack2.states());
        }
    }

    /**
     * Offers a ring this node came by itself (computed from its seeds, or read from its disk): adopted
     * under the same rules as one heard by gossip. Returns whether it was adopted.
     */
    public synchronized boolean offerRing(Ring offered) {
        return adopt(offered, self.node());
    }

    /** The ring this node holds, or null before it has one. */
    public synchronized Ring ring() {
        return ring;
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
            long since = s.node().equals(self.node()) ? 0 : detector.sinceLastHeartbeat(s.node(), now);
            members.add(new Member(s, status(s, phi), phi, since));
        }
        return members;
    }

    /** This node's own Actuator health, overall and of its storage, spread with its next heartbeat. */
    public synchronized void setHealth(String health, String storageHealth) {
        publish(self.withHealth(health, storageHealth));
    }

    /** This node's own Actuator health, its storage's the same. */
    public synchronized void setHealth(String health) {
        setHealth(health, health);
    }

    /** Announces that this node leaves the cluster; peers then see it LEFT. */
    public synchronized void leave() {
        publish(self.leavingNow());
    }

    /** The address {@code node} last said it is reached at, or null for a node never heard of. */
    public synchronized String addressOf(String node) {
        EndpointState s = state.get(node);
        return s == null ? null : s.address();
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
        Syn syn = new Syn(settings.clusterName(), self.node(), ringVersion(), state.digests());
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
        adopt(ack.ring(), ack.from());
        learn(ack.states());
        transport.ack2(
                address,
                new Ack2(
                        settings.clusterName(),
                        self.node(),
                        newerThan(ack.ringVersion()),
                        state.statesFor(ack.wanted())));
    }

    private long ringVersion() {
        Ring r = ring;
        return r == null ? 0 : r.version();
    }

    /** This node's ring if it is newer than {@code version} (what the peer holds), else null. */
    private Ring newerThan(long version) {
        return ring != null && ring.version() > version ? ring : null;
    }

    /**
     * Adopts {@code offered} if its version is greater than the held ring's; an older ring, or
     * another ring under the held version, changes nothing and is counted and logged.
     */
    private boolean adopt(Ring offered, String from) {
        if (offered == null) {
            return false;
        }
        String why = ringHolder.unusable(offered);
        if (why != null) {
            rejectedRingUnusable.increment();
            warnOnce(from, offered, "rejected ring version " + offered.version() + " from " + from + ": " + why);
            return false;
        }
        if (ring != null && offered.version() < ring.version()) {
            // Crossing messages can bring an older ring: never move backwards.
            rejectedRingOlder.increment();
            LOG.log(
                    System.Logger.Level.INFO,
                    "kept ring version " + ring.version() + "; " + from + " sent older version " + offered.version());
            return false;
        }
        if (ring != null && offered.version() == ring.version()) {
            if (!offered.equals(ring)) {
                rejectedRingConflict.increment();
                warnOnce(
                        from,
                        offered,
                        "ring version " + offered.version() + " from " + from + " differs from this node's own"
                                + " version " + ring.version() + " (members "
                                + offered.members().size() + " vs "
                                + ring.members().size()
                                + "); kept this node's: do the members' seeds and settings agree?");
            }
            return false;
        }
        long before = ringVersion();
        ring = offered;
        ringsAdopted.increment();
        publish(self.withRingVersion(offered.version()));
        LOG.log(
                System.Logger.Level.INFO,
                "adopted ring version " + offered.version() + " ("
                        + offered.members().size() + " members) from " + from + "; held version " + before);
        ringHolder.adopted(offered);
        return true;
    }

    private void warnOnce(String from, Ring offered, String message) {
        if (loggedRingRejections.size() < 1000 && loggedRingRejections.add(from + "@" + offered.version())) {
            LOG.log(System.Logger.Level.WARNING, message + " (logged once per sender and version)");
        }
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
     * A state of this node newer than its own would hide its heartbeats; moving past it makes them
     * count again. It is left by an earlier run with the same generation, or with a greater one: the
     * generation is the start time by the wall clock, which may have been stepped back across the
     * restart by more than the node was down.
     */
    private void outlive(EndpointState heard) {
        EndpointState s = self;
        long generation = s.generation();
        long version;
        if (heard.generation() > s.generation()) {
            generation = heard.generation() + 1;
            version = 1;
        } else if (heard.generation() == s.generation() && heard.version() >= s.version()) {
            version = heard.version() + 1;
        } else {
            return;
        }
        publish(new EndpointState(
                s.node(),
                s.address(),
                generation,
                version,
                s.leaving(),
                s.health(),
                s.storageHealth(),
                s.ringVersion()));
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
     * @param sinceHeartbeatNanos how long ago its last heartbeat arrived here (0 for this node, -1 for
     *     a node only heard of through a seed list)
     */
    public record Member(EndpointState state, MemberStatus status, double phi, long sinceHeartbeatNanos) {}
}
