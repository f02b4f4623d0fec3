package io.ringkv.ring;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The replicas of a partition on one ring: its owner, then the next distinct physical nodes clockwise
 * (nodes on racks not used yet first, when racks are configured), and beyond them the fallbacks that
 * take writes for unreachable replicas under a sloppy quorum.
 */
public final class PreferenceList {
    private final Ring ring;

    public PreferenceList(Ring ring) {
        this.ring = ring;
    }

    /**
     * The n replicas of a partition (fewer when the ring has fewer nodes), the owner first. With racks
     * configured, the clockwise walk first takes nodes on racks not yet in the list, then fills up
     * with the remaining distinct nodes in clockwise order.
     */
    public List<String> nodes(int partition, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        List<String> walk = distinctClockwise(partition);
        int size = Math.min(n, walk.size());
        Set<String> chosen = new LinkedHashSet<>();
        if (ring.racksConfigured()) {
            Set<String> racks = new HashSet<>();
            for (String node : walk) {
                if (chosen.size() < size && racks.add(ring.rackOf(node))) {
                    chosen.add(node);
                }
            }
        }
        for (String node : walk) {
            if (chosen.size() < size) {
                chosen.add(node);
            }
        }
        return List.copyOf(chosen);
    }

    /**
     * Up to {@code count} nodes that are up and not in the partition's preference list of size n, in
     * clockwise order after the partition: where a coordinator sends the writes of unreachable replicas.
     */
    public List<String> fallbacks(int partition, int n, Predicate<String> isUp, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative: " + count);
        }
        Set<String> preferred = new HashSet<>(nodes(partition, n));
        List<String> result = new ArrayList<>();
        for (String node : distinctClockwise(partition)) {
            if (result.size() < count && !preferred.contains(node) && isUp.test(node)) {
                result.add(node);
            }
        }
        return List.copyOf(result);
    }

    /** Every owner once, in the order met walking clockwise from the partition (its owner first). */
    private List<String> distinctClockwise(int partition) {
        int q = ring.partitions();
        ring.owner(partition); // checks the index
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < q && seen.size() < ring.members().size(); i++) {
            seen.add(ring.owner((partition + i) % q));
        }
        return List.copyOf(seen);
    }
}
