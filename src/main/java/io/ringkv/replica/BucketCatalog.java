package io.ringkv.replica;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.storage.CorruptionException;
import io.ringkv.storage.KeyValue;
import io.ringkv.storage.KeyValueIterator;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The buckets this node knows, each with its stored props or none (then the node's defaults apply).
 * A bucket becomes known when a key is first written to it or its props are set. Kept in the storage
 * engine under {@link StorageKeys#bucket} and mirrored in memory.
 */
public final class BucketCatalog {
    private final StorageEngine engine;
    private final BucketProps defaults;
    private final ConcurrentSkipListMap<String, Optional<BucketProps>> known = new ConcurrentSkipListMap<>();
    private final Object writeLock = new Object();

    private BucketCatalog(StorageEngine engine, BucketProps defaults) {
        this.engine = engine;
        this.defaults = defaults;
    }

    /** Loads the catalog from {@code engine}; a damaged entry fails naming the bucket. */
    public static BucketCatalog load(StorageEngine engine, BucketProps defaults) throws IOException {
        if (!defaults.problems().isEmpty()) {
            throw new IllegalArgumentException("default bucket props are invalid: " + defaults.problems());
        }
        BucketCatalog catalog = new BucketCatalog(engine, defaults);
        try (KeyValueIterator it = engine.scan(StorageKeys.bucketsFrom(), StorageKeys.bucketsTo())) {
            while (it.hasNext()) {
                KeyValue kv = it.next();
                String bucket = StorageKeys.bucketName(kv.key());
                try {
                    catalog.known.put(bucket, Optional.ofNullable(BucketPropsCodec.decode(kv.value())));
                } catch (EncodingException e) {
                    throw new CorruptionException("bucket catalog entry of '" + bucket + "': " + e.getMessage());
                }
            }
        }
        return catalog;
    }

    public BucketProps defaults() {
        return defaults;
    }

    /** The props requests to {@code bucket} use: its own, or the defaults. */
    public BucketProps props(String bucket) {
        Optional<BucketProps> stored = known.get(bucket);
        return stored == null ? defaults : stored.orElse(defaults);
    }

    /** Stores {@code props} for {@code bucket} durably (as the commit log's sync policy defines). */
    public void setProps(String bucket, BucketProps props) throws IOException {
        if (!props.problems().isEmpty()) {
            throw new IllegalArgumentException("bucket props are invalid: " + props.problems());
        }
        synchronized (writeLock) {
            engine.put(StorageKeys.bucket(bucket), BucketPropsCodec.encode(props));
            known.put(bucket, Optional.of(props));
        }
    }

    /** Records that {@code bucket} holds keys, before its first key is written. */
    public void ensureKnown(String bucket) throws IOException {
        if (known.containsKey(bucket)) {
            return;
        }
        synchronized (writeLock) {
            if (!known.containsKey(bucket)) {
                engine.put(StorageKeys.bucket(bucket), BucketPropsCodec.encode(null));
                known.put(bucket, Optional.empty());
            }
        }
    }

    /** Whether this node knows {@code bucket} (a key was written to it or its props set). */
    public boolean isKnown(String bucket) {
        return known.containsKey(bucket);
    }

    /** How many buckets this node knows (counted: linear in their number). */
    public int count() {
        return known.size();
    }

    /** Known bucket names in order. */
    public List<String> buckets() {
        return List.copyOf(known.keySet());
    }
}
