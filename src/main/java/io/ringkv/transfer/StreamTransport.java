package io.ringkv.transfer;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The port through which a node asks another for a chunk of a key range it holds (over HTTP between
 * nodes, in memory in tests). Never blocks the caller.
 */
public interface StreamTransport {

    /**
     * Asks {@code node} for the chunk {@code request} names. The future completes with the chunk, or
     * exceptionally when the node cannot be reached or its answer does not decode (a wrong checksum
     * included).
     */
    CompletableFuture<RangeChunk> fetch(String node, RangeChunkRequest request);

    /** Asks {@code node} what it holds of each range (those it holds nothing of left out). */
    CompletableFuture<List<RangeSize>> sizes(String node);
}
