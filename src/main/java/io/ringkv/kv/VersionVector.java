package io.ringkv.kv;

import java.util.Map;

/**
 * A causal context: for each replica, the highest counter of its events that has been seen. Immutable;
 * entries are kept sorted by node so that equal vectors encode to equal bytes.
 */
public final class VersionVector {
    public static final VersionVector EMPTY = null; // TODO

    /** A vector of the given entries; counters must be positive. */
    public static VersionVector of(Map<String, Long> counters) {
        throw new UnsupportedOperationException();
    }

    /** The counter seen for {@code node}, 0 when none. */
    public long counter(String node) {
        throw new UnsupportedOperationException();
    }

    /** The entries, sorted by node, unmodifiable. */
    public Map<String, Long> entries() {
        throw new UnsupportedOperationException();
    }

    public int size() {
        throw new UnsupportedOperationException();
    }

    public boolean isEmpty() {
        throw new UnsupportedOperationException();
    }

    /** Whether the event {@code dot} is part of this history. */
    public boolean covers(Dot dot) {
        throw new UnsupportedOperationException();
    }

    /** Whether this history includes all of {@code other}'s. */
    public boolean descends(VersionVector other) {
        throw new UnsupportedOperationException();
    }

    /** The smallest history that includes both. */
    public VersionVector join(VersionVector other) {
        throw new UnsupportedOperationException();
    }

    /** This history plus the event {@code dot}. */
    public VersionVector with(Dot dot) {
        throw new UnsupportedOperationException();
    }
}
