package io.ringkv.ring;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** How many partitions each node should own: its weighted share, rounded, capped by replica spacing. */
final class ClaimTargets {
    private ClaimTargets() {}

    /**
     * Targets for nodes in the given order. A node's exact share is {@code q * weight / totalWeight};
     * each target is that share rounded down or up. When the n-distinct property is satisfiable a node
     * is capped at {@code q / window} (no node can own more and keep {@code window} partitions between
     * its own), and the rest is shared by weight among the others. The round-ups go first to nodes that
     * already own the larger count, so a ring that is already balanced keeps its owners.
     */
    static int[] compute(List<NodeInfo> nodes, int q, int window, int[] currentCounts) {
        int s = nodes.size();
        int cap = q / window;
        boolean capping = (long) s * cap >= q;
        boolean[] capped = new boolean[s];
        long remainingQ = q;
        long remainingWeight = 0;
        for (NodeInfo node : nodes) {
            remainingWeight += node.weight();
        }
        boolean changed = capping;
        while (changed) {
            changed = false;
            for (int i = 0; i < s; i++) {
                // share = remainingQ * w / remainingWeight > cap, in integers.
                if (!capped[i] && remainingQ * nodes.get(i).weight() > (long) cap * remainingWeight) {
                    capped[i] = true;
                    remainingQ -= cap;
                    remainingWeight -= nodes.get(i).weight();
                    changed = true;
                }
            }
        }
        int[] targets = new int[s];
        long[] remainders = new long[s];
        int assigned = 0;
        for (int i = 0; i < s; i++) {
            if (capped[i]) {
                targets[i] = cap;
            } else {
                long scaled = remainingQ * nodes.get(i).weight();
                targets[i] = (int) (scaled / remainingWeight);
                remainders[i] = scaled % remainingWeight;
            }
            assigned += targets[i];
        }
        List<Integer> roundUp = new ArrayList<>();
        for (int i = 0; i < s; i++) {
            if (remainders[i] > 0) {
                roundUp.add(i);
            }
        }
        int[] t = targets;
        roundUp.sort(Comparator.<Integer>comparingInt(i -> currentCounts[i] > t[i] ? 0 : 1)
                .thenComparingLong(i -> -remainders[i])
                .thenComparingInt(i -> i));
        for (int k = 0; k < q - assigned; k++) {
            targets[roundUp.get(k)]++;
        }
        return targets;
    }
}
