package io.ringkv.transfer;

import io.ringkv.kv.EncodingException;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.port.Scheduler;
import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.util.Arrays;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The receiving side of one transfer: asks each source in turn for the range's chunks, after the
 * last key merged, and merges every object into this node's store with {@link
 * ReplicaStore#mergeStored} (a DVV merge: idempotent, so a chunk merged twice, or a range streamed
 * again from its start, changes nothing). Between chunks it waits as long as the shared {@link
 * TransferPacer} says. A run ends at the last chunk of the last source, or at the first failure; a
 * later {@link #run} goes on from where the failure left it.
 *
 * <p>The merging runs on the scheduler, never on the transport's threads.
 */
final class RangeReceiver {
    private final TransferJob job;
    private final TransferOperation progress;
    private final StreamTransport transport;
    private final ReplicaStore store;
    private final Scheduler scheduler;
    private final TransferPacer pacer;
    private final int chunkBytes;
    private final TransferMetrics metrics;

    private int source;
    private byte[] after;
    private int sourcesRead;
    private volatile boolean cancelled;
    private CompletableFuture<Void> running;

    RangeReceiver(
            TransferJob job,
            TransferOperation progress,
            StreamTransport transport,
            ReplicaStore store,
            Scheduler scheduler,
            TransferPacer pacer,
            int chunkBytes,
            TransferMetrics metrics) {
        this.job = job;
        this.progress = progress;
        this.transport = transport;
        this.store = store;
        this.scheduler = scheduler;
        this.pacer = pacer;
        this.chunkBytes = chunkBytes;
        this.metrics = metrics;
    }

    /** Streams from where the last run stopped to the end; the future fails at the first failure. */
    synchronized CompletableFuture<Void> run() {
        running = new CompletableFuture<>();
        progress.attempt();
        scheduler.execute(this::next);
        return running;
    }

    /** The source being read now. */
    synchronized String currentSource() {
        return job.sources().get(Math.min(source, job.sources().size() - 1));
    }

    /** Passes over the current source (a rebuild whose source keeps failing). */
    synchronized void skipSource() {
        source++;
        after = null;
    }

    /** Whether some source has been read to its end. */
    synchronized int sourcesRead() {
        return sourcesRead;
    }

    /** Starts again from the first source's first key. */
    synchronized void restart() {
        source = 0;
        after = null;
    }

    /** Whether every source has been passed (read or skipped). */
    synchronized boolean passedAll() {
        return source >= job.sources().size();
    }

    void cancel() {
        cancelled = true;
    }

    private void next() {
        CompletableFuture<Void> result;
        String node;
        RangeChunkRequest request;
        synchronized (this) {
            result = running;
            if (cancelled) {
                result.completeExceptionally(new CancellationException(job.id() + " cancelled"));
                return;
            }
            if (source >= job.sources().size()) {
                result.complete(null);
                return;
            }
            node = job.sources().get(source);
            request = new RangeChunkRequest(job.range(), after, chunkBytes);
        }
        CompletableFuture<RangeChunk> answer;
        try {
            answer = transport.fetch(node, request);
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((chunk, failure) -> scheduler.execute(() -> {
            if (failure != null) {
                result.completeExceptionally(new IOException(
                        node + ": " + (failure.getMessage() == null ? failure.toString() : failure.getMessage()),
                        failure));
                return;
            }
            try {
                apply(node, request, chunk);
            } catch (IOException | EncodingException | RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            // Always through the scheduler's queue: an inline scheduler and transport would otherwise
            // recurse once per chunk.
            scheduler.schedule(pacer.received(chunk.bytes()), this::next);
        }));
    }

    /** Checks the chunk against its request, merges its objects, and moves the position past them. */
    private void apply(String node, RangeChunkRequest request, RangeChunk chunk) throws IOException, EncodingException {
        if (chunk.range() != request.range()) {
            throw new EncodingException(node + " answered range " + chunk.range() + " for " + request.range());
        }
        if (!chunk.entries().isEmpty()
                && request.after() != null
                && Arrays.compareUnsigned(chunk.entries().get(0).storageKey(), request.after()) <= 0) {
            throw new EncodingException(node + " answered keys not after the one asked");
        }
        for (RangeChunk.Entry e : chunk.entries()) {
            if (cancelled) {
                throw new CancellationException(job.id() + " cancelled");
            }
            store.mergeStored(e.storageKey(), ObjectCodec.decode(e.object()));
        }
        progress.chunk(chunk.entries().size(), chunk.bytes(), chunk.estimatedRangeBytes());
        metrics.received(chunk.entries().size(), chunk.bytes());
        synchronized (this) {
            if (chunk.more()) {
                after = chunk.lastKey();
            } else {
                source++;
                sourcesRead++;
                after = null;
                progress.sourceDone();
            }
        }
    }
}
