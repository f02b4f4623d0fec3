package io.ringkv.node;

import io.ringkv.kv.BucketProps;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.storage.StorageOptions;
import java.nio.file.Path;

/**
 * The settings of one node's parts, as plain values (no configuration framework): what {@link
 * NodeAssembly} builds them with.
 *
 * @param storage the storage engine's options; the assembly sets their purge gate to the node's
 *     purge horizon
 * @param repairDir where the ledger of full repairs is kept
 * @param hintDir where hints for replicas that were down are kept
 * @param bucketDefaults the properties of buckets that have none of their own
 * @param limits sibling and object size limits of the replica store
 * @param objectCacheBytes bytes of decoded objects the replica store caches
 * @param tombstoneGraceMillis how long a tombstone is kept at least
 * @param clockSkewAllowanceMillis the clock skew between nodes the purge horizon allows for
 * @param hintWindowMillis how long a node may be down and still be sent hints
 * @param hintBacklogBytes hint bytes kept for one owner at most
 * @param handoffBytesPerSecond the rate hints are handed off at; 0 for no limit
 * @param requestTimeoutMillis how long a call to another node may take
 * @param replicaCallsPerPeer the coordinator's calls in flight per peer, beyond which requests are
 *     batched; 0 for no batching
 * @param replicaBatchSize the most requests in one batch
 * @param treeMaxAgeNanos how old a partition's Merkle tree may be before it is rebuilt
 * @param maxAnswerBytes the bound of a key-list answer of anti-entropy
 * @param scanKeysPerSecond the most stored objects partition scans read per second; 0 for no limit
 */
public record NodeSettings(
        StorageOptions storage,
        Path repairDir,
        Path hintDir,
        BucketProps bucketDefaults,
        ReplicaLimits limits,
        long objectCacheBytes,
        long tombstoneGraceMillis,
        long clockSkewAllowanceMillis,
        long hintWindowMillis,
        long hintBacklogBytes,
        long handoffBytesPerSecond,
        long requestTimeoutMillis,
        int replicaCallsPerPeer,
        int replicaBatchSize,
        long treeMaxAgeNanos,
        long maxAnswerBytes,
        long scanKeysPerSecond) {
    public NodeSettings {
        if (replicaCallsPerPeer < 0 || replicaBatchSize < 1) {
            throw new IllegalArgumentException("replica calls per peer must not be negative and batches hold one"
                    + " request at least, were " + replicaCallsPerPeer + " and " + replicaBatchSize);
        }
        if (requestTimeoutMillis <= 0) {
            throw new IllegalArgumentException("request timeout must be positive: " + requestTimeoutMillis);
        }
    }
}
