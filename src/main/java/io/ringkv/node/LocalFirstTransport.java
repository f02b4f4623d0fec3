package io.ringkv.node;

import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.replica.ReplicaService;
import java.util.concurrent.CompletableFuture;

/** Requests for this node's own replica are served in process; the others go over the network. */
public final class LocalFirstTransport implements ReplicaTransport {
    private final String self;
    private final ReplicaService local;
    private final ReplicaTransport remote;

    public LocalFirstTransport(String self, ReplicaService local, ReplicaTransport remote) {
        this.self = self;
        this.local = local;
        this.remote = remote;
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        if (node.equals(self)) {
            return CompletableFuture.completedFuture(local.handle(request));
        }
        return remote.send(node, request);
    }
}
