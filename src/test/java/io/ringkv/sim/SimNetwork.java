package io.ringkv.sim;

import io.ringkv.port.RepairTransport;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.util.concurrent.CompletableFuture;

/**
 * One node's end of the simulated network: what its coordinator and its anti-entropy send goes through
 * the {@link SimFabric}.
 */
public final class SimNetwork implements ReplicaTransport, RepairTransport {
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

    @Override
    public CompletableFuture<RepairResponse> send(String node, RepairRequest request) {
        return fabric.sendRepair(self, node, request);
    }
}
