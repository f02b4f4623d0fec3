package io.ringkv.port;

import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import java.util.concurrent.CompletableFuture;

/**
 * Carries an anti-entropy request (a level of a partition's Merkle tree, or a leaf's keys) to
 * another replica and brings back its answer: over HTTP between nodes, through a simulated network
 * in tests. Never blocks the caller.
 */
public interface RepairTransport {

    /**
     * Sends {@code request} to {@code node}. The future completes with the replica's answer, or
     * exceptionally when it cannot be reached or its answer cannot be read.
     */
    CompletableFuture<RepairResponse> send(String node, RepairRequest request);
}
