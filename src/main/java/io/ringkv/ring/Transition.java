package io.ringkv.ring;

import java.util.BitSet;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The move of a ring from its previous assignment to its target: committed at {@link #startVersion},
 * computed for preference lists of {@link #n} replicas. The previous owners stay members of the ring
 * until the transition ends; {@link #departing} names the members that own nothing in the target and
 * leave the ring at its end, {@link #removed} those of them that are gone for good (force-removed),
 * which are never asked for data. {@link #done} marks, by index into the ring's transfer list, the
 * transfers whose receiver has all of its range.
 */
public final class Transition {
    private final long startVersion;
    private final int n;
    private final String[] previousOwners;
    private final Set<String> departing;
    private final Set<String> removed;
    private final BitSet done;

    public Transition(
            long startVersion,
            int n,
            String[] previousOwners,
            Set<String> departing,
            Set<String> removed,
            BitSet done) {
        if (startVersion < 0) {
            throw new IllegalArgumentException("start version must not be negative: " + startVersion);
        }
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        if (!departing.containsAll(removed)) {
            throw new IllegalArgumentException("removed nodes " + removed + " must be departing: " + departing);
        }
        this.startVersion = startVersion;
        this.n = n;
        this.previousOwners = previousOwners.clone();
        this.departing = Set.copyOf(new TreeSet<>(departing));
        this.removed = Set.copyOf(new TreeSet<>(removed));
        this.done = (BitSet) done.clone();
    }

    /** A transition just committed: nothing done yet. */
    public static Transition started(
            long startVersion, int n, String[] previousOwners, Set<String> departing, Set<String> removed) {
        return new Transition(startVersion, n, previousOwners, departing, removed, new BitSet());
    }

    public long startVersion() {
        return startVersion;
    }

    public int n() {
        return n;
    }

    /** The owner of {@code partition} before the transition. */
    public String previousOwner(int partition) {
        return previousOwners[partition];
    }

    String[] previousOwnerArray() {
        return previousOwners.clone();
    }

    public Set<String> departing() {
        return departing;
    }

    public Set<String> removed() {
        return removed;
    }

    /** Whether transfer {@code index} of the ring's transfer list is done. */
    public boolean isDone(int index) {
        return done.get(index);
    }

    /** A copy of the done bitmap. */
    public BitSet doneSet() {
        return (BitSet) done.clone();
    }

    /** This transition with transfer {@code index} marked done. */
    public Transition withDone(int index) {
        BitSet more = doneSet();
        more.set(index);
        return new Transition(startVersion, n, previousOwners, departing, removed, more);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Transition other
                && startVersion == other.startVersion
                && n == other.n
                && java.util.Arrays.equals(previousOwners, other.previousOwners)
                && departing.equals(other.departing)
                && removed.equals(other.removed)
                && done.equals(other.done);
    }

    @Override
    public int hashCode() {
        return Objects.hash(startVersion, n, java.util.Arrays.hashCode(previousOwners), departing, removed, done);
    }

    @Override
    public String toString() {
        return "Transition{from version " + startVersion + ", n=" + n + ", departing=" + departing + ", removed="
                + removed + ", done=" + done.cardinality() + "}";
    }
}
