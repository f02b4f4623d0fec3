package io.ringkv.ring;

import java.util.Arrays;

/**
 * The working state of one claim: owners by node index ({@link #FREE} for none), counts and targets,
 * and the spacing checks. Kept separate from {@link Claim} so the phases read as steps.
 */
final class ClaimState {
    static final int FREE = -1;

    private final int q;
    private final int spacing;
    private final int[] owner;
    private final int[] initial;
    private final int[] count;
    private final int[] rack;
    private final boolean racks;
    private int[] target;

    /**
     * @param window the number of consecutive partitions that should have distinct owners
     * @param rack a rack number per node; {@code racks} says whether to care about them
     */
    ClaimState(int[] owner, int nodes, int window, int[] rack, boolean racks) {
        this.q = owner.length;
        this.spacing = window - 1;
        this.owner = owner.clone();
        this.initial = owner.clone();
        this.count = new int[nodes];
        this.rack = rack;
        this.racks = racks;
        for (int o : owner) {
            if (o != FREE) {
                count[o]++;
            }
        }
    }

    int partitions() {
        return q;
    }

    int nodes() {
        return count.length;
    }

    int owner(int p) {
        return owner[p];
    }

    int[] owners() {
        return owner.clone();
    }

    int[] counts() {
        return count.clone();
    }

    void target(int[] targets) {
        this.target = targets.clone();
    }

    int[] targets() {
        return target.clone();
    }

    /** How many partitions of a full layout repeat an owner of the window - 1 partitions before them. */
    static int crowded(int[] owners, int window) {
        int q = owners.length;
        int found = 0;
        for (int p = 0; p < q; p++) {
            for (int d = 1; d < window; d++) {
                if (owners[(p - d + q) % q] == owners[p]) {
                    found++;
                    break;
                }
            }
        }
        return found;
    }

    int target(int node) {
        return target[node];
    }

    int deficit(int node) {
        return target[node] - count[node];
    }

    boolean hasExcess(int node) {
        return node != FREE && count[node] > target[node];
    }

    /** Whether p has changed owner in this claim, so moving it again costs no extra transfer. */
    boolean movable(int p) {
        return owner[p] != FREE && owner[p] != initial[p];
    }

    void assign(int p, int node) {
        if (owner[p] != FREE) {
            count[owner[p]]--;
        }
        owner[p] = node;
        if (node != FREE) {
            count[node]++;
        }
    }

    /** Whether no other partition within {@code window - 1} of p, either side, is owned by node. */
    boolean spaced(int p, int node) {
        return conflicts(p, node) == 0;
    }

    /** How many partitions within {@code window - 1} of p, either side, are owned by node. */
    int conflicts(int p, int node) {
        int found = 0;
        for (int d = 1; d <= spacing; d++) {
            if (owner[(p + d) % q] == node) {
                found++;
            }
            if (owner[(p - d + q) % q] == node) {
                found++;
            }
        }
        return found;
    }

    /** Whether node owns one of the {@code window - 1} partitions just before p (counterclockwise). */
    boolean ownsJustBefore(int p, int node) {
        for (int d = 1; d <= spacing; d++) {
            if (owner[(p - d + q) % q] == node) {
                return true;
            }
        }
        return false;
    }

    /** Whether a node on node's rack (other than at p) sits within {@code window - 1} of p. */
    boolean rackCrowded(int p, int node) {
        if (!racks) {
            return false;
        }
        for (int d = 1; d <= spacing; d++) {
            int after = owner[(p + d) % q];
            int before = owner[(p - d + q) % q];
            if ((after != FREE && rack[after] == rack[node]) || (before != FREE && rack[before] == rack[node])) {
                return true;
            }
        }
        return false;
    }

    /** For each partition, the clockwise-or-counterclockwise distance to the nearest one node owns. */
    int[] distanceToOwn(int node) {
        int[] distance = new int[q];
        Arrays.fill(distance, q);
        int last = -1;
        // Two laps each way so the distance wraps around the ring.
        for (int i = 0; i < 2 * q; i++) {
            int p = i % q;
            if (owner[p] == node) {
                last = i;
            }
            if (last >= 0) {
                distance[p] = Math.min(distance[p], i - last);
            }
        }
        last = -1;
        for (int i = 2 * q - 1; i >= 0; i--) {
            int p = i % q;
            if (owner[p] == node) {
                last = i;
            }
            if (last >= 0) {
                distance[p] = Math.min(distance[p], last - i);
            }
        }
        return distance;
    }
}
