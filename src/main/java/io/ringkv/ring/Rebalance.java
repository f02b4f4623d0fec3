package io.ringkv.ring;

/**
 * The phases of a claim that move partitions: over-full nodes shed to under-full ones, free partitions
 * are filled, and whatever the greedy steps could not place is placed through augmenting chains.
 */
final class Rebalance {
    private Rebalance() {}

    /**
     * Over-full nodes give partitions to under-full ones, one at a time: the neediest taker picks,
     * among free partitions and those of over-full nodes, the one that keeps the spacing and sits
     * farthest (up to its ideal spacing Q / target) from partitions it already owns. Partitions never
     * move between two nodes that are both within target here.
     */
    static void shedExcess(ClaimState placement, int window) {
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

    private static int totalExcess(ClaimState placement) {
        int excess = 0;
        for (int i = 0; i < placement.nodes(); i++) {
            excess += Math.max(0, -placement.deficit(i));
        }
        return excess;
    }

    private static int bestSlotFor(ClaimState placement, int taker, int window) {
        int[] distance = placement.distanceToOwn(taker);
        int ideal = Math.max(window, placement.partitions() / placement.target(taker));
        int best = -1;
        boolean bestCrowded = true;
        int bestSpread = -1;
        boolean bestFree = false;
        for (int p = 0; p < placement.partitions(); p++) {
            int owner = placement.owner(p);
            if ((owner != ClaimState.FREE && !placement.hasExcess(owner)) || !placement.spaced(p, taker)) {
                continue;
            }
            boolean crowded = placement.rackCrowded(p, taker);
            int spread = Math.min(distance[p], ideal);
            boolean free = owner == ClaimState.FREE;
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
    static void fillFree(ClaimState placement) {
        int nodes = placement.nodes();
        int[] need = new int[nodes];
        int[] got = new int[nodes];
        for (int i = 0; i < nodes; i++) {
            need[i] = Math.max(0, placement.deficit(i));
        }
        for (int p = 0; p < placement.partitions(); p++) {
            if (placement.owner(p) != ClaimState.FREE) {
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
     * Places what the greedy phases could not: a node still short of its target gets a partition through
     * an augmenting chain of partitions that move anyway, else through one swap with a partition that
     * would have stayed (it takes a spaced partition of another node, which takes the free one instead),
     * else (only when spacing is impossible) the free one with the fewest conflicts.
     */
    static void repair(ClaimState placement) {
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
            if (!give(placement, taker, new boolean[placement.nodes()]) && !takeBySwap(placement, taker)) {
                takeLeastCrowded(placement, taker);
            }
        }
    }

    private static boolean isSource(ClaimState placement, int p) {
        int owner = placement.owner(p);
        return owner == ClaimState.FREE || placement.hasExcess(owner);
    }

    /**
     * Finds the taker a partition through an augmenting chain: it takes a spaced free or over-full
     * partition, or else takes a spaced partition that another node received in this claim, and that
     * node (recursively) finds another. Only partitions that move anyway change hands along the chain.
     * Leaves the placement unchanged when no chain exists.
     */
    private static boolean give(ClaimState placement, int taker, boolean[] visited) {
        int q = placement.partitions();
        for (int s = 0; s < q; s++) {
            if (isSource(placement, s) && placement.spaced(s, taker)) {
                placement.assign(s, taker);
                return true;
            }
        }
        visited[taker] = true;
        for (int p = 0; p < q; p++) {
            int other = placement.owner(p);
            if (other == ClaimState.FREE || visited[other] || !placement.movable(p) || !placement.spaced(p, taker)) {
                continue;
            }
            placement.assign(p, taker);
            if (give(placement, other, visited)) {
                return true;
            }
            placement.assign(p, other);
        }
        return false;
    }

    private static boolean takeBySwap(ClaimState placement, int taker) {
        for (int s = 0; s < placement.partitions(); s++) {
            if (!isSource(placement, s)) {
                continue;
            }
            int source = placement.owner(s);
            for (int p = 0; p < placement.partitions(); p++) {
                int other = placement.owner(p);
                if (other == ClaimState.FREE || other == taker || other == source || !placement.spaced(p, taker)) {
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

    private static void takeLeastCrowded(ClaimState placement, int taker) {
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
