package io.ringkv.sim;

import io.ringkv.port.ReplicaTransport;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import java.util.concurrent.CompletableFuture;

/** One node's end of the simulated network: what its coordinator sends goes through the {@link SimFabric}. */
public final class SimNetwork implements ReplicaTransport {
    private final String self;
    private final SimFabric fabric;

    public SimNetwork(String self, SimFabric fabric) {
        this.self = self;
        this.fabric = fabric;
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        return fabric.send(self, node, request);
    }
}
