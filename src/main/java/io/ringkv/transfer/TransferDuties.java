package io.ringkv.transfer;

import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import io.ringkv.ring.Transition;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What a ring asks of one node's transfers: the ranges it is to receive (with their sources) and
 * those it is to drop, each only once the cluster's members are far enough (docs/transfer.md):
 *
 * <ul>
 *   <li>a receiver starts streaming only once every member that is UP announces a ring version at or
 *       past the transition's start, so that every live coordinator already sends the range's
 *       writes to it as a pending replica;
 *   <li>a node drops a range it no longer replicates only once the transition has ended (until
 *       then it still takes the range's writes for readers whose ring is older), every UP member
 *       announces this node's ring version or a later one, and none announces a later one (this
 *       node's ring is current);
 *   <li>a node deletes whatever it stores of the ranges it does not replicate in a stable ring
 *       (a restart between a transition's end and its drop, a force-removed node that came back)
 *       only once every member of that ring is UP and announces that very version.
 * </ul>
 */
public final class TransferDuties {
    private TransferDuties() {}

    /**
     * The versions of the ring the members that are UP announce (this node's included).
     *
     * @param lowest the lowest of them
     * @param highest the highest of them
     * @param up the ids of the members that are UP, this node's included; empty when not known
     */
    public record Announced(long lowest, long highest, Set<String> up) {
        public Announced {
            up = Set.copyOf(up);
        }

        /** The versions alone, without who announces them. */
        public Announced(long lowest, long highest) {
            this(lowest, highest, Set.of());
        }
    }

    /**
     * The transfers into {@code self} that are not done, as jobs; empty while some UP member has not
     * reached the transition's start (or when the ring is stable).
     *
     * @return each job with the ring's transfer it stands for
     */
    public static Map<TransferJob, Transfer> incoming(Ring ring, String self, Announced announced) {
        Transition transition = ring.transition();
        Map<TransferJob, Transfer> jobs = new LinkedHashMap<>();
        if (transition == null || announced.lowest() < transition.startVersion()) {
            return jobs;
        }
        PreferenceList before = new PreferenceList(ring.previous());
        List<Transfer> transfers = ring.transfers();
        for (int i = 0; i < transfers.size(); i++) {
            Transfer t = transfers.get(i);
            if (!t.to().equals(self) || ring.transferDone(i)) {
                continue;
            }
            List<String> sources = new ArrayList<>();
            if (t.from() != null) {
                sources.add(t.from());
            } else {
                for (String node : before.nodes(t.range(), transition.n())) {
                    if (!node.equals(self) && !transition.removed().contains(node)) {
                        sources.add(node);
                    }
                }
            }
            jobs.put(new TransferJob(transition.startVersion(), t.range(), sources, t.rebuild()), t);
        }
        return jobs;
    }

    /**
     * The ranges {@code self} replicated before {@code transitionRing}'s transition and does not in
     * its target, that may be dropped now under {@code current} (the same ring, or a later one).
     *
     * @param transitionRing the ring with the latest transition this node has seen
     * @param n the longest preference list a bucket of the cluster has
     */
    public static List<Integer> drops(Ring transitionRing, Ring current, String self, int n, Announced announced) {
        List<Integer> ranges = new ArrayList<>();
        Transition transition = transitionRing.transition();
        if (transition == null
                || announced.lowest() < current.version()
                || announced.highest() > current.version()
                || current.version() < transitionRing.version()) {
            return ranges;
        }
        boolean ended = current.stable() || current.transition().startVersion() != transition.startVersion();
        boolean later = !current.stable() && ended; // another transition since
        int k = Math.max(n, transition.n());
        PreferenceList before = new PreferenceList(transitionRing.previous());
        PreferenceList target = new PreferenceList(transitionRing);
        PreferenceList now = new PreferenceList(current);
        PreferenceList nowBefore = new PreferenceList(current.previous());
        for (int r = 0; r < transitionRing.partitions(); r++) {
            if (before.nodes(r, k).contains(self)
                    && !target.nodes(r, k).contains(self)
                    // until the transition ends, a switched range's previous replicas still take its
                    // writes (Ring.pendingReplicas), for readers whose ring is older
                    && ended
                    // a later ring may give the range back (or be moving it here again)
                    && !now.nodes(r, k).contains(self)
                    && !(later && nowBefore.nodes(r, k).contains(self))) {
                ranges.add(r);
            }
        }
        return ranges;
    }

    /**
     * The ranges {@code self} does not replicate in the stable ring {@code ring}, whose objects it may
     * delete now (Cassandra's cleanup); empty optional while that is not yet safe: the ring moves,
     * or some member of it is not UP, or announces another version (this node's ring may be stale,
     * and a range it does not replicate here may be its own in the cluster's current ring).
     *
     * @param n the longest preference list a bucket of the cluster has
     */
    public static Optional<List<Integer>> strays(Ring ring, String self, int n, Announced announced) {
        if (!ring.stable() || announced.lowest() != ring.version() || announced.highest() != ring.version()) {
            return Optional.empty();
        }
        for (NodeInfo member : ring.members()) {
            if (!member.id().equals(self) && !announced.up().contains(member.id())) {
                return Optional.empty();
            }
        }
        PreferenceList replicas = new PreferenceList(ring);
        List<Integer> ranges = new ArrayList<>();
        for (int r = 0; r < ring.partitions(); r++) {
            if (!replicas.nodes(r, n).contains(self)) {
                ranges.add(r);
            }
        }
        return Optional.of(ranges);
    }
}
