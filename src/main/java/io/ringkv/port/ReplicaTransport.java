package io.ringkv.port;

import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.util.ArrayList;
import java.util.List;
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

    /**
     * Sends several requests to {@code node} at once; the future completes with their responses in
     * the same order, or exceptionally as a whole. A transport that can carry them in one message
     * does (the HTTP transport: one call); this default sends each on its own and fails as a whole
     * when any fails.
     */
    default CompletableFuture<List<ReplicaResponse>> sendAll(String node, List<ReplicaRequest> requests) {
        List<CompletableFuture<ReplicaResponse>> sent = new ArrayList<>(requests.size());
        for (ReplicaRequest request : requests) {
            sent.add(send(node, request));
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).thenApply(ignored -> {
            List<ReplicaResponse> responses = new ArrayList<>(sent.size());
            for (CompletableFuture<ReplicaResponse> response : sent) {
                responses.add(response.join());
            }
            return responses;
        });
    }
}
