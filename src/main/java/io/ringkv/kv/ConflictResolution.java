package io.ringkv.kv;

/** How a bucket treats concurrent writes to a key. */
public enum ConflictResolution {
    /** Concurrent writes are all kept as siblings until a client resolves them. */
    SIBLINGS,
    /** The version with the highest hybrid-logical timestamp wins; concurrent writes are dropped. */
    LWW
}
