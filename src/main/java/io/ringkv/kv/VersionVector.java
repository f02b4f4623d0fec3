package io.ringkv.kv;

import java.util.Collections;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * A causal context: for each replica, the highest counter of its events that has been seen. Immutable;
 * entries are kept sorted by node so that equal vectors encode to equal bytes.
 */
public final class VersionVector {
    public static final VersionVector EMPTY = new VersionVector(new TreeMap<>());

    private final SortedMap<String, Long> counters;

    /** Takes ownership of {@code counters}, which must already be valid. */
    private VersionVector(TreeMap<String, Long> counters) {
        this.counters = Collections.unmodifiableSortedMap(counters);
    }

    /** A vector of the given entries; counters must be positive. */
    public static VersionVector of(Map<String, Long> counters) {
        TreeMap<String, Long> copy = new TreeMap<>();
        for (Map.Entry<String, Long> entry : counters.entrySet()) {
            String node = entry.getKey();
            Long counter = entry.getValue();
            if (node == null || node.isEmpty()) {
                throw new IllegalArgumentException("version vector node is empty");
            }
            if (counter == null || counter < 1) {
                throw new IllegalArgumentException(
                        "version vector counter for " + node + " must be positive: " + counter);
            }
            copy.put(node, counter);
        }
        return copy.isEmpty() ? EMPTY : new VersionVector(copy);
    }

    /** The counter seen for {@code node}, 0 when none. */
    public long counter(String node) {
        Long counter = counters.get(node);
        return counter == null ? 0 : counter;
    }

    /** The entries, sorted by node, unmodifiable. */
    public Map<String, Long> entries() {
        return counters;
    }

    public int size() {
        return counters.size();
    }

    public boolean isEmpty() {
        return counters.isEmpty();
    }

    /** Whether the event {@code dot} is part of this history. */
    public boolean covers(Dot dot) {
        return counter(dot.node()) >= dot.counter();
    }

    /** Whether this history includes all of {@code other}'s. */
    public boolean descends(VersionVector other) {
        for (Map.Entry<String, Long> entry : other.counters.entrySet()) {
            if (counter(entry.getKey()) < entry.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** The smallest history that includes both. */
    public VersionVector join(VersionVector other) {
        if (descends(other)) {
            return this;
        }
        if (other.descends(this)) {
            return other;
        }
        TreeMap<String, Long> joined = new TreeMap<>(counters);
        other.counters.forEach((node, counter) -> joined.merge(node, counter, Math::max));
        return new VersionVector(joined);
    }

    /** This history plus the event {@code dot}. */
    public VersionVector with(Dot dot) {
        if (covers(dot)) {
            return this;
        }
        TreeMap<String, Long> extended = new TreeMap<>(counters);
        extended.put(dot.node(), dot.counter());
        return new VersionVector(extended);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionVector other && counters.equals(other.counters);
    }

    @Override
    public int hashCode() {
        return counters.hashCode();
    }

    @Override
    public String toString() {
        return counters.toString();
    }
}
