package io.ringkv.replica;

import io.ringkv.handoff.HintWindow;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRefusedException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;

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
            if (request instanceof ReplicaRequest.ListKeys l) {
                KeyPage page = store.listPartitionKeys(l.bucket(), l.partition(), l.afterKey(), l.limit());
                return new ReplicaResponse.Keys(
                        page.keys(), page.next() == null ? null : page.next().key());
            }
            ReplicaRequest.Merge m = (ReplicaRequest.Merge) request;
            return new ReplicaResponse.Versions(store.merge(m.bucket(), m.key(), m.object(), m.resolution()));
        } catch (WriteRefusedException e) {
            return new ReplicaResponse.Refused(e.reason(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            return new ReplicaResponse.Failed(e.getClass().getSimpleName() + ": " + e.getMessage());
        }
    }

    /**
     * Serves a batch of requests from one coordinator, answering each as {@link #handle} would, in
     * the same order. Writes wait for the commit log's sync: each but the last runs on {@code
     * writers}, so that they share one sync rather than wait for one each in turn; reads and the
     * last write run on the calling thread meanwhile. A write {@code writers} refuses runs on the
     * calling thread.
     */
    public List<ReplicaResponse> handleAll(List<ReplicaRequest> requests, Executor writers) {
        ReplicaResponse[] responses = new ReplicaResponse[requests.size()];
        int lastWrite = -1;
        for (int i = 0; i < requests.size(); i++) {
            if (!requests.get(i).readOnly()) {
                lastWrite = i;
            }
        }
        List<CompletableFuture<Void>> running = new ArrayList<>();
        for (int i = 0; i < lastWrite; i++) {
            ReplicaRequest request = requests.get(i);
            if (!request.readOnly()) {
                int at = i;
                try {
                    running.add(CompletableFuture.runAsync(() -> responses[at] = handle(request), writers));
                } catch (RejectedExecutionException e) {
                    responses[at] = handle(request);
                }
            }
        }
        for (int i = 0; i < requests.size(); i++) {
            if (requests.get(i).readOnly() || i == lastWrite) {
                responses[i] = handle(requests.get(i));
            }
        }
        for (CompletableFuture<Void> write : running) {
            write.join();
        }
        return Arrays.asList(responses);
    }

    private ReplicaResponse hinted(ReplicaRequest.Hinted h) throws IOException {
        if (hints == null) {
            return new ReplicaResponse.Failed("this node takes no hints");
        }
        if (!hints.offer(h.intendedOwner(), h.bucket(), h.key(), h.object(), h.resolution())) {
            return new ReplicaResponse.Failed("no hint taken for " + h.intendedOwner()
                    + ": its hint window has passed or its hint backlog is full");
        }
        return new ReplicaResponse.Versions(h.object());
    }
}
