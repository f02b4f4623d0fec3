package io.ringkv.kv;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/** The total order that picks the surviving version under {@link ConflictResolution#LWW}. */
final class LastWriteWins {
    /** Dots by node, then counter: the order siblings are kept and encoded in. */
    static final Comparator<Dot> DOT_ORDER = Comparator.comparing(Dot::node).thenComparingLong(Dot::counter);

    /**
     * Later timestamp first; on a tie a deletion wins (so a concurrent delete is not undone), then the
     * greater bytes, content type and dot, so that every replica picks the same winner.
     */
    static final Comparator<Sibling> ORDER = Comparator.comparingLong(Sibling::timestamp)
            .thenComparing(Sibling::deleted)
            .thenComparing((a, b) ->
                    Arrays.compareUnsigned(a.content().value(), b.content().value()))
            .thenComparing(s -> s.content().contentType())
            .thenComparing(Sibling::dot, DOT_ORDER);

    private LastWriteWins() {}

    /** The greater of two versions. */
    static Sibling max(Sibling a, Sibling b) {
        return ORDER.compare(a, b) >= 0 ? a : b;
    }

    /** The winning version, or null when there is none. */
    static Sibling winner(List<Sibling> siblings) {
        Sibling best = null;
        for (Sibling sibling : siblings) {
            best = best == null ? sibling : max(best, sibling);
        }
        return best;
    }
}
