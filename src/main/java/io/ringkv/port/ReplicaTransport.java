package io.ringkv.port;

import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Carries a coordinator's request to one replica and brings back its answer: in process for this
 * node, over HTTP for the others, through a simulated network in tests. Never blocks the caller.
 */
public interface ReplicaTransport {

    /**
     * Sends {@code request} to {@code node}. The future completes with the replica's response, or
     * exceptionally when the replica cannot be reached or its answer cannot be read.
     */
    CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request);
}
