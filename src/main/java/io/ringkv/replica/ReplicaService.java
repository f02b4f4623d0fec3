package io.ringkv.replica;

import io.ringkv.handoff.HintWindow;
import java.io.IOException;

/**
 * Serves {@link ReplicaRequest}s against this node's {@link ReplicaStore}, whoever sent them, and
 * keeps hinted writes for other nodes in its hint log.
 */
public final class ReplicaService {
    private final ReplicaStore store;
    private final HintWindow hints;

    /** A service that takes no hints: it answers hinted writes with {@link ReplicaResponse.Failed}. */
    public ReplicaService(ReplicaStore store) {
        this(store, null);
    }

    /** A service that stores hinted writes through {@code hints} (null: takes none). */
    public ReplicaService(ReplicaStore store, HintWindow hints) {
        this.store = store;
        this.hints = hints;
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
            if (request instanceof ReplicaRequest.Hinted h) {
                return hinted(h);
            }
            ReplicaRequest.Merge m = (ReplicaRequest.Merge) request;
            return new ReplicaResponse.Versions(store.merge(m.bucket(), m.key(), m.object(), m.resolution()));
        } catch (WriteRefusedException e) {
            return new ReplicaResponse.Refused(e.reason(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ReplicaResponse.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    private ReplicaResponse hinted(ReplicaRequest.Hinted h) throws IOException {
        if (hints == null) {
            return new ReplicaResponse.Failed("this node takes no hints");
        }
        if (!hints.offer(h.intendedOwner(), h.bucket(), h.key(), h.object(), h.resolution())) {
            return new ReplicaResponse.Failed("the hint window for " + h.intendedOwner() + " has passed");
        }
        return new ReplicaResponse.Versions(h.object());
    }
}
