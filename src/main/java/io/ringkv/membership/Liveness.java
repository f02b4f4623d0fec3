package io.ringkv.membership;

import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This node's view of who is up, as of the last gossip round: each member's status, address and,
 * for one that is DOWN, since when. Read per request, so requests never take the gossiper's lock —
 * except to ask again about a member believed down, so one that came back gets requests at once.
 */
public final class Liveness {
    private static final System.Logger LOG = System.getLogger(Liveness.class.getName());

    private final String self;
    private final Clock clock;
    private final Map<String, Long> downSince = new ConcurrentHashMap<>();
    private final Map<String, MemberStatus> lastStatus = new ConcurrentHashMap<>();
    private final Map<String, String> lastAddress = new ConcurrentHashMap<>();
    private final Metrics.Counter becameSuspect;
    private final Metrics.Counter becameDown;
    private volatile Gossiper gossiper;

    public Liveness(String self, Clock clock, Metrics metrics) {
        this.self = self;
        this.clock = clock;
        this.becameSuspect = metrics.counter("ringkv.gossip.transitions", "to", "SUSPECT");
        this.becameDown = metrics.counter("ringkv.gossip.transitions", "to", "DOWN");
    }

    /** Takes in how {@code g} sees every member now; called after each gossip round. */
    public void observe(Gossiper g) {
        gossiper = g;
        long now = clock.nanos();
        for (Gossiper.Member m : g.members()) {
            String node = m.state().node();
            lastAddress.put(node, m.state().address());
            MemberStatus status = g.status(node, now);
            MemberStatus before = lastStatus.put(node, status);
            if (before != null && before != status && (status == MemberStatus.SUSPECT || status == MemberStatus.DOWN)) {
                (status == MemberStatus.DOWN ? becameDown : becameSuspect).increment();
                LOG.log(
                        System.Logger.Level.INFO,
                        "member " + node + " is " + status + " (was " + before + "), phi "
                                + String.format("%.1f", m.phi()));
            } else if (before != null && before != status) {
                LOG.log(System.Logger.Level.INFO, "member " + node + " is " + status + " (was " + before + ")");
            }
            if (status == MemberStatus.DOWN) {
                downSince.putIfAbsent(node, clock.millis());
            } else {
                downSince.remove(node);
            }
        }
    }

    /** The gossiper to ask directly, before its first round is observed. */
    public void attach(Gossiper g) {
        gossiper = g;
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

    /** {@code node}'s status as of the last round, or null when not heard of (or this node). */
    public MemberStatus lastStatus(String node) {
        return node.equals(self) ? null : lastStatus.get(node);
    }

    /**
     * Whether requests may go to {@code node}: UP or SUSPECT at the last round; anything never heard
     * of counts as up.
     */
    public boolean isUp(String node) {
        // A node not heard of yet (this one, or one that just started) gets the benefit of the doubt.
        MemberStatus status = lastStatus(node);
        Gossiper g = gossiper;
        if ((status == MemberStatus.DOWN || status == MemberStatus.LEFT) && g != null) {
            // Believed down as of the last round: ask again, so a node that came back (or reported
            // itself ready) since then gets requests at once. Only this path takes the lock.
            status = g.status(node, clock.nanos());
        }
        return status == null || status == MemberStatus.UP || status == MemberStatus.SUSPECT;
    }
}
