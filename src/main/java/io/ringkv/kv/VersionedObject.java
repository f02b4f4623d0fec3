package io.ringkv.kv;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Everything a replica keeps for one key: the concurrent versions (siblings) and the causal context
 * that covers every version it has seen, superseded ones included. Immutable; this is the dotted
 * version vector model: each sibling has its own dot, the object has one vector.
 */
public final class VersionedObject {
    /** A key nobody has written (or whose every version has gone). */
    public static final VersionedObject ABSENT = new VersionedObject(VersionVector.EMPTY, List.of());

    private final VersionVector context;
    private final List<Sibling> siblings;

    /**
     * An object of the given context and siblings (in any order); fails when two siblings share a dot
     * or the context does not cover a sibling's dot.
     */
    public VersionedObject(VersionVector context, List<Sibling> siblings) {
        Objects.requireNonNull(context, "context");
        List<Sibling> sorted = new ArrayList<>(siblings);
        sorted.sort((a, b) -> LastWriteWins.DOT_ORDER.compare(a.dot(), b.dot()));
        for (int i = 0; i < sorted.size(); i++) {
            Dot dot = sorted.get(i).dot();
            if (i > 0 && dot.equals(sorted.get(i - 1).dot())) {
                throw new IllegalArgumentException("two siblings share the dot " + dot);
            }
            if (!context.covers(dot)) {
                throw new IllegalArgumentException("context " + context + " does not cover sibling dot " + dot);
            }
        }
        this.context = context;
        this.siblings = List.copyOf(sorted);
    }

    /** The causal context a client gets back and sends with its next write. */
    public VersionVector context() {
        return context;
    }

    /** The concurrent versions, in a deterministic order (by dot). */
    public List<Sibling> siblings() {
        return siblings;
    }

    /** Whether a version of the client write {@code writeId} is among the siblings. */
    public boolean holdsWrite(WriteId writeId) {
        if (writeId == null) {
            return false;
        }
        for (Sibling sibling : siblings) {
            if (writeId.equals(sibling.writeId())) {
                return true;
            }
        }
        return false;
    }

    /** No version at all (context may still be non-empty). */
    public boolean isEmpty() {
        return siblings.isEmpty();
    }

    /** Every version is a deletion (or there is none): the key reads as absent. */
    public boolean isDeleted() {
        return siblings.stream().allMatch(Sibling::deleted);
    }

    /**
     * A new write coordinated by replica {@code node}: the client had seen {@code seen}. The new
     * version gets the dot {@code (node, max(context[node], seen[node]) + 1)}; it replaces exactly the
     * siblings whose dots {@code seen} covers; the others stay as its siblings. The new context is
     * this context joined with {@code seen} and the new dot. With {@link ConflictResolution#LWW} the
     * result keeps only the winner (see {@link #merge}).
     */
    public VersionedObject update(
            String node, VersionVector seen, Content content, long timestamp, ConflictResolution mode) {
        return update(node, seen, content, timestamp, mode, 1);
    }

    /**
     * As {@link #update(String, VersionVector, Content, long, ConflictResolution)}, with the new dot's
     * counter at least {@code minCounter}. A replica passes a floor that only grows (its hybrid
     * clock), so that a key whose object expired or was reaped, and so lost its context, never
     * hands out a dot again that an old client context still covers.
     */
    public VersionedObject update(
            String node,
            VersionVector seen,
            Content content,
            long timestamp,
            ConflictResolution mode,
            long minCounter) {
        return update(node, seen, content, timestamp, mode, minCounter, null);
    }

    /**
     * As {@link #update(String, VersionVector, Content, long, ConflictResolution, long)}, the new
     * version carrying {@code writeId} (null for none). Whether the write was already applied is the
     * caller's to check (see {@link #holdsWrite}).
     */
    public VersionedObject update(
            String node,
            VersionVector seen,
            Content content,
            long timestamp,
            ConflictResolution mode,
            long minCounter,
            WriteId writeId) {
        Objects.requireNonNull(seen, "seen");
        Objects.requireNonNull(mode, "mode");
        // Counting past what the client saw too keeps the dot fresh even if this replica lags behind.
        long counter = Math.max(Math.max(context.counter(node), seen.counter(node)) + 1, minCounter);
        Dot dot = new Dot(node, counter);
        List<Sibling> kept = new ArrayList<>(siblings.size() + 1);
        for (Sibling sibling : siblings) {
            if (!seen.covers(sibling.dot())) {
                kept.add(sibling);
            }
        }
        kept.add(new Sibling(dot, timestamp, content, writeId));
        if (mode == ConflictResolution.LWW) {
            kept = List.of(LastWriteWins.winner(kept));
        }
        return new VersionedObject(context.join(seen).with(dot), kept);
    }

    /**
     * Reconciles two replicas' objects for the same key. A sibling survives when the other side has
     * it too, or has not seen its dot; the context is the join. Commutative, associative, idempotent.
     * With {@link ConflictResolution#LWW} only the sibling with the highest timestamp survives; ties
     * go to a tombstone, then to the greater value bytes (unsigned), then content type, then dot.
     *
     * <p>Under LWW the winner is taken from both sides' siblings regardless of causality: choosing
     * only among causal survivors would make the merge non-associative (an intermediate winner can
     * hide a version that a later merge would have kept).
     */
    public VersionedObject merge(VersionedObject other, ConflictResolution mode) {
        Objects.requireNonNull(mode, "mode");
        VersionVector joined = context.join(other.context);
        if (mode == ConflictResolution.LWW) {
            List<Sibling> all = new ArrayList<>(siblings);
            all.addAll(other.siblings);
            Sibling winner = LastWriteWins.winner(all);
            return new VersionedObject(joined, winner == null ? List.of() : List.of(winner));
        }
        TreeMap<Dot, Sibling> survivors = new TreeMap<>(LastWriteWins.DOT_ORDER);
        keepUnsuperseded(siblings, other, survivors);
        keepUnsuperseded(other.siblings, this, survivors);
        return new VersionedObject(joined, oncePerWrite(survivors.values()));
    }

    /**
     * The siblings (in dot order) without the repeats of one client write: of the versions that
     * carry the same write id only the one with the least dot is kept. The others' dots stay in the
     * context, so every replica drops them too, whatever order the versions arrive in.
     */
    private static List<Sibling> oncePerWrite(Iterable<Sibling> sorted) {
        List<Sibling> kept = new ArrayList<>();
        Set<WriteId> writes = null;
        for (Sibling sibling : sorted) {
            WriteId id = sibling.writeId();
            if (id != null) {
                if (writes == null) {
                    writes = new HashSet<>();
                }
                if (!writes.add(id)) {
                    continue;
                }
            }
            kept.add(sibling);
        }
        return kept;
    }

    /** Adds to {@code survivors} each of {@code candidates} that {@code other} has or has not seen. */
    private static void keepUnsuperseded(
            List<Sibling> candidates, VersionedObject other, TreeMap<Dot, Sibling> survivors) {
        Set<Dot> otherDots = new HashSet<>();
        for (Sibling sibling : other.siblings) {
            otherDots.add(sibling.dot());
        }
        for (Sibling sibling : candidates) {
            if (otherDots.contains(sibling.dot()) || !other.context.covers(sibling.dot())) {
                // One dot should never name two contents; if it does, both sides pick the same one.
                survivors.merge(sibling.dot(), sibling, LastWriteWins::max);
            }
        }
    }

    /** This object without the siblings that have expired at {@code nowMillis}; the context is kept. */
    public VersionedObject liveAt(long nowMillis) {
        List<Sibling> live = new ArrayList<>(siblings.size());
        for (Sibling sibling : siblings) {
            if (!sibling.isExpiredAt(nowMillis)) {
                live.add(sibling);
            }
        }
        return live.size() == siblings.size() ? this : new VersionedObject(context, live);
    }

    /**
     * When the storage engine may drop the whole object: {@link Content#NO_EXPIRY} if any sibling
     * never expires, otherwise the latest sibling expiry.
     */
    public long expiresAtMillis() {
        if (siblings.isEmpty()) {
            return Content.NO_EXPIRY;
        }
        long latest = Long.MIN_VALUE;
        for (Sibling sibling : siblings) {
            long expiresAt = sibling.content().expiresAtMillis();
            if (expiresAt == Content.NO_EXPIRY) {
                return Content.NO_EXPIRY;
            }
            latest = Math.max(latest, expiresAt);
        }
        return latest;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof VersionedObject other && context.equals(other.context) && siblings.equals(other.siblings);
    }

    @Override
    public int hashCode() {
        return 31 * context.hashCode() + siblings.hashCode();
    }

    @Override
    public String toString() {
        return "VersionedObject{context=" + context + ", siblings=" + siblings + "}";
    }
}
