package io.ringkv.server.cluster;

import io.ringkv.membership.EndpointState;
import io.ringkv.membership.GossipSettings;
import io.ringkv.membership.GossipTransport;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.Liveness;
import io.ringkv.membership.RingHolder;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import io.ringkv.ring.Ring;
import io.ringkv.server.config.RingkvProperties;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's gossip: started once the node listens (its address is known then), it runs a round
 * every gossip interval, tells the others this node's own health (so they route around a node that
 * reports itself down), spreads the ring with the highest version, and answers the gossip it
 * receives.
 */
public final class NodeGossip implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(NodeGossip.class);

    private final RingkvProperties properties;
    private final GossipTransport transport;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Metrics metrics;
    private final Supplier<String> ownHealth;
    private final Supplier<String> storageHealth;
    private volatile Gossiper gossiper;
    /** A ring offered before gossip started, offered to it at start. */
    private Ring pendingRing;

    private Cancellable rounds;
    private String lastHealth;
    private String lastStorageHealth;
    private final Liveness liveness;

    public NodeGossip(
            RingkvProperties properties,
            GossipTransport transport,
            Scheduler scheduler,
            Clock clock,
            Metrics metrics,
            Supplier<String> ownHealth,
            Supplier<String> storageHealth) {
        this.properties = properties;
        this.transport = transport;
        this.scheduler = scheduler;
        this.clock = clock;
        this.metrics = metrics;
        this.ownHealth = ownHealth;
        this.storageHealth = storageHealth;
        this.liveness = new Liveness(properties.nodeId(), clock, metrics);
    }

    /**
     * Starts gossiping as the member at {@code address}; the rings gossip adopts go to {@code
     * ringHolder}.
     */
    public void start(String address, RingHolder ringHolder) {
        // Read before taking this object's lock: the health endpoint asks the membership, whose lock
        // may be held by a thread that is offering this object a ring.
        String health = ownHealth.get();
        String storage = storageHealth.get();
        synchronized (this) {
            start(address, ringHolder, health, storage);
        }
    }

    private void start(String address, RingHolder ringHolder, String health, String storage) {
        if (gossiper != null) {
            return;
        }
        RingkvProperties.Cluster cluster = properties.cluster();
        GossipSettings defaults = GossipSettings.defaults(cluster.name());
        GossipSettings settings = new GossipSettings(
                cluster.name(),
                cluster.gossipInterval().toNanos(),
                cluster.phiThreshold(),
                defaults.windowSize(),
                Math.min(defaults.minStdDevNanos(), cluster.gossipInterval().toNanos() / 2),
                Math.min(
                        defaults.acceptablePauseNanos(),
                        2 * cluster.gossipInterval().toNanos()));
        // The generation is the start time: a restart always gives a greater one.
        // It starts saying its health as it is now (not ready yet, most likely), not UP.
        lastHealth = health;
        lastStorageHealth = storage;
        EndpointState self = new EndpointState(
                properties.nodeId(), address, clock.millis(), 1, false, lastHealth, lastStorageHealth, 0);
        Gossiper g =
                new Gossiper(settings, self, properties.seeds(), transport, clock, new Random(), metrics, ringHolder);
        if (pendingRing != null) {
            g.offerRing(pendingRing);
            pendingRing = null;
        }
        gossiper = g;
        liveness.attach(g);
        rounds = scheduler.scheduleAtFixedRate(settings.intervalNanos(), this::round);
        LOG.info("node {} gossips as {} every {}", properties.nodeId(), address, cluster.gossipInterval());
    }

    private void round() {
        Gossiper g = gossiper;
        String health = ownHealth.get();
        String storage = storageHealth.get();
        synchronized (this) {
            if (!health.equals(lastHealth) || !storage.equals(lastStorageHealth)) {
                g.setHealth(health, storage);
                lastHealth = health;
                lastStorageHealth = storage;
            }
        }
        g.round();
        liveness.observe(g);
    }

    /** Hands gossip a ring this node came by itself (from disk, or computed from the seeds). */
    public void offerRing(Ring ring) {
        Gossiper g;
        synchronized (this) {
            g = gossiper;
            if (g == null) {
                if (pendingRing == null || ring.version() > pendingRing.version()) {
                    pendingRing = ring;
                }
                return;
            }
        }
        g.offerRing(ring);
    }

    /** Who is up as of the last round, and where each member is reached. */
    public Liveness liveness() {
        return liveness;
    }

    /** Where {@code node} is reached as of the last round, or null for a node not heard of yet. */
    public String addressOf(String node) {
        return liveness.addressOf(node);
    }

    /** Since when (wall-clock millis) {@code node} has been DOWN without a break, or null. */
    public Long downSinceMillis(String node) {
        return liveness.downSinceMillis(node);
    }

    /** Announces that this node leaves the cluster: peers then see it LEFT. */
    public void leave() {
        Gossiper g = gossiper;
        if (g != null) {
            g.leave();
            LOG.info("node {} announced that it has left the cluster", properties.nodeId());
        }
    }

    /** Answers a gossip message: the encoded answer to a Syn, nothing for the rest. */
    public Optional<byte[]> receive(byte[] bytes) {
        Gossiper g = gossiper;
        return g == null ? Optional.empty() : g.receive(bytes);
    }

    /** The members heard of, with their status and suspicion; empty before gossip starts. */
    public List<Gossiper.Member> members() {
        Gossiper g = gossiper;
        return g == null ? List.of() : g.members();
    }

    /**
     * Whether requests may go to {@code node}: UP or SUSPECT at the last round; anything never heard
     * of counts as up.
     */
    public boolean isUp(String node) {
        return liveness.isUp(node);
    }

    @Override
    public synchronized void close() {
        if (rounds != null) {
            rounds.cancel();
        }
    }
}
