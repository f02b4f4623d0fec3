package io.ringkv.kv;

import java.util.List;

/**
 * Everything a replica keeps for one key: the concurrent versions (siblings) and the causal context
 * that covers every version it has seen, superseded ones included. Immutable; this is the dotted
 * version vector model: each sibling has its own dot, the object has one vector.
 */
public final class VersionedObject {
    /** A key nobody has written (or whose every version has gone). */
    public static final VersionedObject ABSENT = null; // TODO

    public VersionedObject(VersionVector context, List<Sibling> siblings) {
        throw new UnsupportedOperationException();
    }

    /** The causal context a client gets back and sends with its next write. */
    public VersionVector context() {
        throw new UnsupportedOperationException();
    }

    /** The concurrent versions, in a deterministic order (by dot). */
    public List<Sibling> siblings() {
        throw new UnsupportedOperationException();
    }

    /** No version at all (context may still be non-empty). */
    public boolean isEmpty() {
        throw new UnsupportedOperationException();
    }

    /** Every version is a deletion (or there is none): the key reads as absent. */
    public boolean isDeleted() {
        throw new UnsupportedOperationException();
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
        throw new UnsupportedOperationException();
    }

    /**
     * Reconciles two replicas' objects for the same key. A sibling survives when the other side has
     * it too, or has not seen its dot; the context is the join. Commutative, associative, idempotent.
     * With {@link ConflictResolution#LWW} only the sibling with the highest timestamp survives; ties
     * go to a tombstone, then to the greater value bytes (unsigned), then content type, then dot.
     */
    public VersionedObject merge(VersionedObject other, ConflictResolution mode) {
        throw new UnsupportedOperationException();
    }

    /** This object without the siblings that have expired at {@code nowMillis}; the context is kept. */
    public VersionedObject liveAt(long nowMillis) {
        throw new UnsupportedOperationException();
    }

    /**
     * When the storage engine may drop the whole object: {@link Content#NO_EXPIRY} if any sibling
     * never expires, otherwise the latest sibling expiry.
     */
    public long expiresAtMillis() {
        throw new UnsupportedOperationException();
    }
}
