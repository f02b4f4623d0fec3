package io.ringkv.server.cluster;

import io.ringkv.membership.EndpointState;
import io.ringkv.membership.GossipSettings;
import io.ringkv.membership.GossipTransport;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RingHolder;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import io.ringkv.ring.Ring;
import io.ringkv.server.config.RingkvProperties;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
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
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();
    /** Each member's status as of the last round: read per request, so it never takes the gossiper's lock. */
    private final Map<String, MemberStatus> lastStatus = new ConcurrentHashMap<>();
    /** Each member's address as of the last round, read per request like the status. */
    private final Map<String, String> lastAddress = new ConcurrentHashMap<>();

    private final Metrics.Counter becameSuspect;
    private final Metrics.Counter becameDown;

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
        this.becameSuspect = metrics.counter("ringkv.gossip.transitions", "to", "SUSPECT");
        this.becameDown = metrics.counter("ringkv.gossip.transitions", "to", "DOWN");
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
        long now = clock.nanos();
        for (Gossiper.Member m : g.members()) {
            String node = m.state().node();
            lastAddress.put(node, m.state().address());
            MemberStatus status = g.status(node, now);
            MemberStatus before = lastStatus.put(node, status);
            if (before != null && before != status && (status == MemberStatus.SUSPECT || status == MemberStatus.DOWN)) {
                (status == MemberStatus.DOWN ? becameDown : becameSuspect).increment();
                LOG.info("member {} is {} (was {}), phi {}", node, status, before, String.format("%.1f", m.phi()));
            } else if (before != null && before != status) {
                LOG.info("member {} is {} (was {})", node, status, before);
            }
            if (status == MemberStatus.DOWN) {
                downSince.putIfAbsent(node, clock.millis());
            } else {
                downSince.remove(node);
            }
        }
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

    /**
     * Where {@code node} is reached as of the last round; a node first heard of since then is looked
     * up in gossip's state (once: the answer is kept until the next round). Null for a node not heard
     * of yet.
     */
    public String addressOf(String node) {
        String address = lastAddress.get(node);
        Gossiper g = gossiper;
        if (address != null || g == null) {
            return address;
        }
        address = g.addressOf(node);
        if (address != null) {
            lastAddress.putIfAbsent(node, address);
        }
        return address;
    }

    /** Since when (wall-clock millis) {@code node} has been DOWN without a break, or null. */
    public Long downSinceMillis(String node) {
        return downSince.get(node);
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
        // A node not heard of yet (this one, or one that just started) gets the benefit of the doubt.
        MemberStatus status = node.equals(properties.nodeId()) ? null : lastStatus.get(node);
        Gossiper g = gossiper;
        if ((status == MemberStatus.DOWN || status == MemberStatus.LEFT) && g != null) {
            // Believed down as of the last round: ask again, so a node that came back (or reported
            // itself ready) since then gets requests at once. Only this path takes the lock.
            status = g.status(node, clock.nanos());
        }
        return status == null || status == MemberStatus.UP || status == MemberStatus.SUSPECT;
    }

    @Override
    public synchronized void close() {
        if (rounds != null) {
            rounds.cancel();
        }
    }
}
