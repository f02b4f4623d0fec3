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
        int window = Math.min(Math.min(n, nodes.size()), q);
        boolean racks = rackIds.size() > 1;
        int[] kept = new int[q];
        for (int p = 0; p < q; p++) {
            Integer owner = current == null ? null : index.get(current.owner(p));
            kept[p] = owner == null ? ClaimState.FREE : owner;
        }
        ClaimState placement = place(kept, nodes, window, rack, racks);
        int[] chosen = placement.owners();
        // With more than Q / window partitions some node must repeat within a window; then the greedy
        // steps place the unavoidable repeats together at the wrap and nothing better exists.
        boolean spaceable = (long) nodes.size() * (q / window) >= q;
        boolean rackable = current == null && racks && ClaimState.crowded(racksOf(chosen, rack), window) > 0;
        if ((spaceable && ClaimState.crowded(chosen, window) > 0) || rackable) {
            // Local moves could not restore the spacing (a small cluster shrinking, odd weights), or a new
            // cluster's racks do not alternate: lay the ring out afresh, by rounds or greedily from
            // empty, turned to keep most current owners, and keep the best-spaced layout.
            int[][] layouts = {
                RoundSeed.layout(placement.targets(), rack),
                place(emptyRing(q), nodes, window, rack, racks).owners()
            };
            for (int[] layout : layouts) {
                int[] turned = rotatedToMatch(layout, kept);
                if (betterSpaced(turned, chosen, window, rack)) {
                    chosen = turned;
                }
            }
        }
        String[] result = new String[q];
        for (int p = 0; p < q; p++) {
            result[p] = nodes.get(chosen[p]).id();
        }
        if (current != null && current.sameAssignment(nodes, result)) {
            return current;
        }
        return new Ring(current == null ? 1 : current.version() + 1, nodes, result);
    }

    /** The incremental claim: keep what may stay, free crowded partitions, shed, fill, repair. */
    private static ClaimState place(int[] kept, List<NodeInfo> nodes, int window, int[] rack, boolean racks) {
        ClaimState placement = new ClaimState(kept, nodes.size(), window, rack, racks);
        releaseCrowded(placement);
        placement.target(ClaimTargets.compute(nodes, kept.length, window, placement.counts()));
        Rebalance.shedExcess(placement, window);
        Rebalance.fillFree(placement);
        Rebalance.repair(placement);
        return placement;
    }

    /** Fewer node repeats within a window, or as many and fewer rack repeats. */
    private static boolean betterSpaced(int[] candidate, int[] incumbent, int window, int[] rack) {
        int nodes = ClaimState.crowded(candidate, window) - ClaimState.crowded(incumbent, window);
        if (nodes != 0) {
            return nodes < 0;
        }
        return ClaimState.crowded(racksOf(candidate, rack), window)
                < ClaimState.crowded(racksOf(incumbent, rack), window);
    }

    private static int[] racksOf(int[] owners, int[] rack) {
        int[] racks = new int[owners.length];
        for (int p = 0; p < owners.length; p++) {
            racks[p] = rack[owners[p]];
        }
        return racks;
    }

    private static int[] emptyRing(int q) {
        int[] owners = new int[q];
        java.util.Arrays.fill(owners, ClaimState.FREE);
        return owners;
    }

    /** The rotation of layout that agrees with the most of {@code current}'s owners. */
    private static int[] rotatedToMatch(int[] layout, int[] current) {
        int q = layout.length;
        int best = 0;
        int bestKept = -1;
        // Trying every rotation costs Q^2; past a few thousand partitions only the layout as is.
        int tries = q <= 4096 ? q : 1;
        for (int r = 0; r < tries; r++) {
            int kept = 0;
            for (int p = 0; p < q; p++) {
                if (layout[(p + r) % q] == current[p]) {
                    kept++;
                }
            }
            if (kept > bestKept) {
                best = r;
                bestKept = kept;
            }
        }
        int[] rotated = new int[q];
        for (int p = 0; p < q; p++) {
            rotated[p] = layout[(p + best) % q];
        }
        return rotated;
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
    private static void releaseCrowded(ClaimState placement) {
        int q = placement.partitions();
        for (int p = 0; p < q; p++) {
            int node = placement.owner(p);
            if (node != ClaimState.FREE && placement.ownsJustBefore(p, node)) {
                placement.assign(p, ClaimState.FREE);
            }
        }
    }
}
