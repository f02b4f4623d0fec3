package io.ringkv.ring;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The starting layout of a new cluster: rounds over a fixed cyclic order of the nodes (racks
 * interleaved), each node taking part in as many rounds as its target, its rounds spread evenly and
 * staggered against the other nodes' so that no round is much shorter than the others. Consecutive
 * partitions then hold consecutive nodes of the order, which is what keeps any n of them distinct.
 */
final class RoundSeed {
    private RoundSeed() {}

    /** Owners by node index, of length sum(targets). */
    static int[] layout(int[] targets, int[] rack) {
        int[] order = rackInterleavedOrder(rack);
        int rounds = 0;
        int total = 0;
        for (int t : targets) {
            rounds = Math.max(rounds, t);
            total += t;
        }
        int[] owners = new int[total];
        int p = 0;
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < order.length; k++) {
                int node = order[k];
                // Bresenham over the rounds: node takes part in exactly targets[node] of them, evenly.
                long shifted = (r + (long) k * rounds / order.length) % rounds;
                if ((shifted + 1) * targets[node] / rounds > shifted * targets[node] / rounds) {
                    owners[p++] = node;
                }
            }
        }
        return owners;
    }

    /** Node indexes taking one node from each rack in turn (bigger racks first), so racks alternate. */
    static int[] rackInterleavedOrder(int[] rack) {
        Map<Integer, List<Integer>> byRack = new LinkedHashMap<>();
        for (int i = 0; i < rack.length; i++) {
            byRack.computeIfAbsent(rack[i], r -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> racks = new ArrayList<>(byRack.values());
        racks.sort((a, b) -> Integer.compare(b.size(), a.size()));
        int[] order = new int[rack.length];
        int next = 0;
        for (int round = 0; next < order.length; round++) {
            for (List<Integer> members : racks) {
                if (round < members.size()) {
                    order[next++] = members.get(round);
                }
            }
        }
        return order;
    }
}
