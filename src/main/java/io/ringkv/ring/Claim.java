package io.ringkv.ring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Dynamo's strategy 3 claim: assigns Q equal partitions to nodes in proportion to their weights,
 * keeps any n consecutive partitions on n distinct nodes (and racks, where it can), and on a
 * membership change moves only the partitions that must move. Deterministic: the same inputs give the
 * same ring, whatever the order of the member list.
 */
public final class Claim {
    private Claim() {}

    /**
     * The ring for {@code members}, starting from {@code current} (null for a new cluster). Returns
     * {@code current} itself when nothing changes, otherwise a ring with the next version (1 for a new
     * cluster).
     *
     * @param q the number of partitions, a power of two; must equal the current ring's
     * @param n the replicas per key (the "target n-val") the placement is spaced for
     */
    public static Ring claim(Ring current, List<NodeInfo> members, int q, int n) {
        validate(current, members, q, n);
        List<NodeInfo> nodes = new ArrayList<>(members);
        nodes.sort(Comparator.comparing(NodeInfo::id));
        Map<String, Integer> index = new HashMap<>();
        Map<String, Integer> rackIds = new LinkedHashMap<>();
        int[] rack = new int[nodes.size()];
        for (int i = 0; i < nodes.size(); i++) {
            index.put(nodes.get(i).id(), i);
            rack[i] = rackIds.computeIfAbsent(nodes.get(i).rack(), r -> rackIds.size());
        }
        int[] owners = new int[q];
        for (int p = 0; p < q; p++) {
            Integer kept = current == null ? null : index.get(current.owner(p));
            owners[p] = kept == null ? Placement.FREE : kept;
        }
        int window = Math.min(Math.min(n, nodes.size()), q);
        Placement placement = new Placement(owners, nodes.size(), window, rack, rackIds.size() > 1);

        releaseCrowded(placement);
        placement.target(ClaimTargets.compute(nodes, q, window, placement.counts()));
        shedExcess(placement, window);
        fillFree(placement);
        repair(placement);

        String[] result = new String[q];
        for (int p = 0; p < q; p++) {
            result[p] = nodes.get(placement.owner(p)).id();
        }
        if (current != null && current.sameAssignment(nodes, result)) {
            return current;
        }
        return new Ring(current == null ? 1 : current.version() + 1, nodes, result);
    }

    private static void validate(Ring current, List<NodeInfo> members, int q, int n) {
        if (q < 1 || q > Partitioner.MAX_PARTITIONS || Integer.bitCount(q) != 1) {
            throw new IllegalArgumentException(
                    "partitions must be a power of two between 1 and " + Partitioner.MAX_PARTITIONS + ": " + q);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        if (members.isEmpty()) {
            throw new IllegalArgumentException("a ring needs at least one member");
        }
        if (current != null && current.partitions() != q) {
            throw new IllegalArgumentException("partitions are fixed when the cluster is created: ring has "
                    + current.partitions() + ", claim asked for " + q);
        }
        Set<String> ids = new HashSet<>();
        for (NodeInfo node : members) {
            if (!ids.add(node.id())) {
                throw new IllegalArgumentException("node " + node.id() + " is listed twice");
            }
        }
    }

    /**
     * Frees any partition whose owner also owns one of the window - 1 partitions before it (clockwise
     * order, wrapping), so the kept partitions are spaced. Only rings built for a smaller n, or for
     * membership where spacing was impossible, have such partitions.
     */
    private static void releaseCrowded(Placement placement) {
        int q = placement.partitions();
        for (int p = 0; p < q; p++) {
            int node = placement.owner(p);
            if (node != Placement.FREE && placement.ownsJustBefore(p, node)) {
                placement.assign(p, Placement.FREE);
            }
        }
    }

    /**
     * Over-full nodes give partitions to under-full ones, one at a time: the neediest taker picks,
     * among free partitions and those of over-full nodes, the one that keeps the spacing and sits
     * farthest (up to its ideal spacing Q / target) from partitions it already owns. Partitions never
     * move between two nodes that are both within target here.
     */
    private static void shedExcess(Placement placement, int window) {
        boolean[] stuck = new boolean[placement.nodes()];
        while (totalExcess(placement) > 0) {
            int taker = -1;
            for (int i = 0; i < placement.nodes(); i++) {
                if (!stuck[i]
                        && placement.deficit(i) > 0
                        && (taker < 0 || placement.deficit(i) > placement.deficit(taker))) {
                    taker = i;
                }
            }
            if (taker < 0) {
                return;
            }
            int p = bestSlotFor(placement, taker, window);
            if (p < 0) {
                stuck[taker] = true;
            } else {
                placement.assign(p, taker);
            }
        }
    }

    private static int totalExcess(Placement placement) {
        int excess = 0;
        for (int i = 0; i < placement.nodes(); i++) {
            excess += Math.max(0, -placement.deficit(i));
        }
        return excess;
    }

    private static int bestSlotFor(Placement placement, int taker, int window) {
        int[] distance = placement.distanceToOwn(taker);
        int ideal = Math.max(window, placement.partitions() / placement.target(taker));
        int best = -1;
        boolean bestCrowded = true;
        int bestSpread = -1;
        boolean bestFree = false;
        for (int p = 0; p < placement.partitions(); p++) {
            int owner = placement.owner(p);
            if ((owner != Placement.FREE && !placement.hasExcess(owner)) || !placement.spaced(p, taker)) {
                continue;
            }
            boolean crowded = placement.rackCrowded(p, taker);
            int spread = Math.min(distance[p], ideal);
            boolean free = owner == Placement.FREE;
            boolean better = best < 0
                    || (crowded != bestCrowded
                            ? !crowded
                            : spread != bestSpread ? spread > bestSpread : free && !bestFree);
            if (better) {
                best = p;
                bestCrowded = crowded;
                bestSpread = spread;
                bestFree = free;
            }
        }
        return best;
    }

    /**
     * Walks the free partitions clockwise from 0 and gives each to a spaced node with room, preferring
     * one whose rack is not nearby, then the one furthest behind its share (stride scheduling), so a
     * new cluster comes out as a round robin.
     */
    private static void fillFree(Placement placement) {
        int nodes = placement.nodes();
        int[] need = new int[nodes];
        int[] got = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            need[i] = Math.max(0, placement.deficit(i));
        }
        for (int p = 0; p < placement.partitions(); p++) {
            if (placement.owner(p) != Placement.FREE) {
                continue;
            }
            int best = -1;
            boolean bestCrowded = true;
            for (int i = 0; i < nodes; i++) {
                if (placement.deficit(i) <= 0 || !placement.spaced(p, i)) {
                    continue;
                }
                boolean crowded = placement.rackCrowded(p, i);
                boolean better;
                if (best < 0 || crowded != bestCrowded) {
                    better = best < 0 || !crowded;
                } else {
                    // Compare (got + 1) / need: the node whose next partition is most overdue wins.
                    long mine = (long) (got[i] + 1) * need[best];
                    long theirs = (long) (got[best] + 1) * need[i];
                    better = mine < theirs || (mine == theirs && need[i] > need[best]);
                }
                if (better) {
                    best = i;
                    bestCrowded = crowded;
                }
            }
            if (best >= 0) {
                placement.assign(p, best);
                got[best]++;
            }
        }
    }

    /**
     * Gives what the greedy phases could not place: a node still short of its target takes a free or
     * over-full partition directly if spaced, else through one swap (it takes a spaced partition of
     * another node, which takes the free one instead), else (only when spacing is impossible) the one
     * with the fewest conflicts.
     */
    private static void repair(Placement placement) {
        while (true) {
            int taker = -1;
            for (int i = 0; i < placement.nodes(); i++) {
                if (placement.deficit(i) > 0 && (taker < 0 || placement.deficit(i) > placement.deficit(taker))) {
                    taker = i;
                }
            }
            if (taker < 0) {
                return;
            }
            if (!takeDirectly(placement, taker) && !takeBySwap(placement, taker)) {
                takeLeastCrowded(placement, taker);
            }
        }
    }

    private static boolean isSource(Placement placement, int p) {
        int owner = placement.owner(p);
        return owner == Placement.FREE || placement.hasExcess(owner);
    }

    private static boolean takeDirectly(Placement placement, int taker) {
        for (int s = 0; s < placement.partitions(); s++) {
            if (isSource(placement, s) && placement.spaced(s, taker)) {
                placement.assign(s, taker);
                return true;
            }
        }
        return false;
    }

    private static boolean takeBySwap(Placement placement, int taker) {
        for (int s = 0; s < placement.partitions(); s++) {
            if (!isSource(placement, s)) {
                continue;
            }
            int source = placement.owner(s);
            for (int p = 0; p < placement.partitions(); p++) {
                int other = placement.owner(p);
                if (other == Placement.FREE || other == taker || other == source || !placement.spaced(p, taker)) {
                    continue;
                }
                placement.assign(p, taker);
                if (placement.spaced(s, other)) {
                    placement.assign(s, other);
                    return true;
                }
                placement.assign(p, other);
            }
        }
        return false;
    }

    private static void takeLeastCrowded(Placement placement, int taker) {
        int best = -1;
        int bestConflicts = Integer.MAX_VALUE;
        for (int s = 0; s < placement.partitions(); s++) {
            if (isSource(placement, s) && placement.conflicts(s, taker) < bestConflicts) {
                best = s;
                bestConflicts = placement.conflicts(s, taker);
            }
        }
        placement.assign(best, taker);
    }
}
