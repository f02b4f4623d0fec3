package io.ringkv.replica;

import java.io.IOException;

/** Serves {@link ReplicaRequest}s against this node's {@link ReplicaStore}, whoever sent them. */
public final class ReplicaService {
    private final ReplicaStore store;

    public ReplicaService(ReplicaStore store) {
        this.store = store;
    }

    public ReplicaStore store() {
        return store;
    }

    public ReplicaResponse handle(ReplicaRequest request) {
        try {
            if (request instanceof ReplicaRequest.Get get) {
                return new ReplicaResponse.Versions(store.get(get.bucket(), get.key()));
            }
            if (request instanceof ReplicaRequest.Coordinate c) {
                return new ReplicaResponse.Versions(store.put(c.bucket(), c.key(), c.write()));
            }
            ReplicaRequest.Merge m = (ReplicaRequest.Merge) request;
            return new ReplicaResponse.Versions(store.merge(m.bucket(), m.key(), m.object(), m.resolution()));
        } catch (WriteRefusedException e) {
            return new ReplicaResponse.Refused(e.reason(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ReplicaResponse.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }
}
