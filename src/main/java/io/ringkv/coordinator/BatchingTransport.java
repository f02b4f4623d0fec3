package io.ringkv.coordinator;

import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;

/**
 * Requests to other replicas, at most {@code callsPerPeer} calls in flight to each node per lane
 * (reads, and writes, so that a read never waits behind a write's fsync); requests that find their
 * lane full wait, and go together in the lane's next call as one batch ({@link
 * ReplicaTransport#sendAll}). An idle lane sends a request at once, alone: batching costs nothing
 * while there is nothing to batch, and under load the batches grow with the load, so one call
 * (one HTTP exchange, on both sides) carries many replica messages.
 *
 * <p>A batch holds at most {@code maxBatch} requests and, beyond its first, {@link
 * #MAX_BATCH_BYTES} of values; a lane keeps at most {@link #MAX_QUEUED} waiting requests, past which
 * a request fails at once (the replica counts as not answering) rather than queueing without bound.
 * A call that fails fails every request it carried, as their own calls would have. A call still in
 * flight after the call timeout no longer holds its place in the lane, so a peer that stops
 * answering, or a message that is lost, never blocks the lane for good.
 */
public final class BatchingTransport implements ReplicaTransport {
    /** Value bytes a batch carries beyond its first request. */
    public static final long MAX_BATCH_BYTES = 1L << 20;
    /** Requests one lane keeps waiting at most. */
    public static final int MAX_QUEUED = 10_000;

    private final ReplicaTransport network;
    private final Clock clock;
    private final long callTimeoutNanos;
    private final int callsPerPeer;
    private final int maxBatch;
    private final ConcurrentHashMap<String, Lane> reads = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Lane> writes = new ConcurrentHashMap<>();

    /**
     * @param network the transport that carries calls (one request, or a batch)
     * @param clock measures how long a call has been in flight
     * @param callTimeoutNanos a call in flight longer than this no longer counts against its lane
     *     (the coordinator's request timeout: its requests have failed by then)
     * @param callsPerPeer calls in flight to one node per lane, at least 1
     * @param maxBatch requests in one call, at least 1
     */
    public BatchingTransport(
            ReplicaTransport network, Clock clock, long callTimeoutNanos, int callsPerPeer, int maxBatch) {
        if (callsPerPeer < 1 || maxBatch < 1) {
            throw new IllegalArgumentException(
                    "calls per peer and batch size must be at least 1, were " + callsPerPeer + " and " + maxBatch);
        }
        this.network = network;
        this.clock = clock;
        this.callTimeoutNanos = callTimeoutNanos;
        this.callsPerPeer = callsPerPeer;
        this.maxBatch = maxBatch;
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        ConcurrentHashMap<String, Lane> lanes = request.readOnly() ? reads : writes;
        return lanes.computeIfAbsent(node, Lane::new).send(request);
    }

    /** Value bytes a request carries, for the batch's byte bound. */
    static long weight(ReplicaRequest request) {
        long bytes = request.key().length;
        if (request instanceof ReplicaRequest.Coordinate c) {
            bytes += c.write().content().value().length;
        } else if (request instanceof ReplicaRequest.Merge m) {
            bytes += weight(m.object());
        } else if (request instanceof ReplicaRequest.Hinted h) {
            bytes += weight(h.object());
        }
        return bytes;
    }

    private static long weight(VersionedObject object) {
        long bytes = 0;
        for (Sibling sibling : object.siblings()) {
            bytes += sibling.content().value().length;
        }
        return bytes;
    }

    private record Waiting(ReplicaRequest request, long weight, CompletableFuture<ReplicaResponse> answer) {}

    /** One call in flight: the requests it carries and when it left. */
    private static final class Call {
        final List<Waiting> batch;
        final long startedNanos;
        /** Past the call timeout: no longer counted in flight, whenever it ends. */
        boolean abandoned;

        Call(List<Waiting> batch, long startedNanos) {
            this.batch = batch;
            this.startedNanos = startedNanos;
        }
    }

    /**
     * One node's calls of one kind: those in flight, and the requests waiting for one. Every request
     * joins the queue; calls leave from its head while fewer than {@code callsPerPeer} are in flight.
     */
    private final class Lane {
        private final String node;
        private final ArrayDeque<Waiting> queue = new ArrayDeque<>();
        private final ArrayDeque<Call> inFlight = new ArrayDeque<>();

        Lane(String node) {
            this.node = node;
        }

        CompletableFuture<ReplicaResponse> send(ReplicaRequest request) {
            Waiting waiting = new Waiting(request, weight(request), new CompletableFuture<>());
            List<Call> leaving;
            synchronized (this) {
                if (queue.size() >= MAX_QUEUED) {
                    return CompletableFuture.failedFuture(
                            new RejectedExecutionException(MAX_QUEUED + " requests already wait for calls to " + node));
                }
                queue.add(waiting);
                leaving = start();
            }
            leaving.forEach(this::call);
            return waiting.answer();
        }

        /** Calls that can leave now, taken from the queue; with this lane's lock held. */
        private List<Call> start() {
            long now = clock.nanos();
            while (!inFlight.isEmpty() && now - inFlight.peekFirst().startedNanos > callTimeoutNanos) {
                // A call that never ends (a peer that stopped answering, a lost message) must not
                // hold its place for ever; its own requests time out with their rounds.
                inFlight.pollFirst().abandoned = true;
            }
            List<Call> leaving = List.of();
            while (inFlight.size() < callsPerPeer && !queue.isEmpty()) {
                List<Waiting> batch = new ArrayList<>(Math.min(queue.size(), maxBatch));
                long bytes = 0;
                while (!queue.isEmpty() && batch.size() < maxBatch) {
                    Waiting next = queue.peek();
                    if (!batch.isEmpty() && bytes + next.weight() > MAX_BATCH_BYTES) {
                        break;
                    }
                    bytes += next.weight();
                    batch.add(queue.poll());
                }
                Call call = new Call(batch, now);
                inFlight.addLast(call);
                if (leaving.isEmpty()) {
                    leaving = new ArrayList<>(2);
                }
                leaving.add(call);
            }
            return leaving;
        }

        private void call(Call call) {
            List<Waiting> batch = call.batch;
            CompletableFuture<List<ReplicaResponse>> answers;
            try {
                if (batch.size() == 1) {
                    answers = network.send(node, batch.get(0).request()).thenApply(List::of);
                } else {
                    List<ReplicaRequest> requests = new ArrayList<>(batch.size());
                    for (Waiting waiting : batch) {
                        requests.add(waiting.request());
                    }
                    answers = network.sendAll(node, requests);
                }
            } catch (RuntimeException e) {
                answers = CompletableFuture.failedFuture(e);
            }
            answers.whenComplete((responses, error) -> {
                // The next calls leave before these answers are handed on: a caller woken by one
                // and sending again finds its request behind the next batch, not ahead of it.
                List<Call> leaving;
                synchronized (this) {
                    if (!call.abandoned) {
                        inFlight.remove(call);
                    }
                    leaving = start();
                }
                leaving.forEach(this::call);
                for (int i = 0; i < batch.size(); i++) {
                    if (error != null) {
                        batch.get(i).answer().completeExceptionally(error);
                    } else {
                        batch.get(i).answer().complete(responses.get(i));
                    }
                }
            });
        }
    }
}
