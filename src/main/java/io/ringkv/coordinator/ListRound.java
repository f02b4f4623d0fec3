package io.ringkv.coordinator;

import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One page of a bucket's keys across the cluster, made from a covering set of partitions as Riak
 * does: partitions in ascending order from the cursor's, each asked of one replica of its read set
 * (in {@code order}: this node first when it is one, then those up) for its keys after the cursor,
 * until the page is full, a replica stops early (its scan budget ran out), or the last partition is
 * done. A replica that fails or does not answer in time is passed over for the next one of the same
 * partition; when none answers, the page fails with {@link PartitionUnavailableException} rather
 * than leave the partition's keys out.
 */
final class ListRound {
    private static final byte[] FROM_START = new byte[0];

    private final String bucket;
    private final int n;
    private final int limit;
    private final Placement placement;
    private final Function<List<String>, List<String>> order;
    private final ReplicaTransport transport;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final int partitions;
    private final List<byte[]> keys = new ArrayList<>();
    private final CompletableFuture<KeyPage> result = new CompletableFuture<>();
    private final ArrayDeque<Runnable> steps = new ArrayDeque<>();
    private boolean stepping;

    ListRound(
            String bucket,
            int n,
            int limit,
            Placement placement,
            Function<List<String>, List<String>> order,
            ReplicaTransport transport,
            Scheduler scheduler,
            long timeoutNanos) {
        this.bucket = bucket;
        this.n = n;
        this.limit = limit;
        this.placement = placement;
        this.order = order;
        this.transport = transport;
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos;
        this.partitions = placement.partitions();
    }

    CompletableFuture<KeyPage> start(KeyCursor after) {
        step(() -> list(after == null ? 0 : after.partition(), after == null ? FROM_START : after.key()));
        return result;
    }

    /** Asks partition {@code partition}'s replicas, one after another, for its keys after {@code afterKey}. */
    private void list(int partition, byte[] afterKey) {
        List<String> replicas = order.apply(placement.partitionReplicas(partition, n));
        ask(partition, afterKey, replicas, 0, new ArrayList<>());
    }

    private void ask(int partition, byte[] afterKey, List<String> replicas, int next, List<ReplicaFailure> failures) {
        if (result.isDone()) {
            return;
        }
        if (next == replicas.size()) {
            result.completeExceptionally(new PartitionUnavailableException(partition, failures));
            return;
        }
        String node = replicas.get(next);
        int wanted = Math.min(limit - keys.size(), ReplicaCodec.MAX_LIST_LIMIT);
        CompletableFuture<ReplicaResponse> answer = new CompletableFuture<>();
        Cancellable timer =
                scheduler.schedule(timeoutNanos, () -> answer.completeExceptionally(new NoAnswerInTime(timeoutNanos)));
        try {
            transport
                    .send(node, new ReplicaRequest.ListKeys(bucket, partition, afterKey, wanted))
                    .whenComplete((response, error) -> {
                        if (error != null) {
                            answer.completeExceptionally(error);
                        } else {
                            answer.complete(response);
                        }
                    });
        } catch (RuntimeException e) {
            answer.completeExceptionally(e);
        }
        answer.whenComplete((response, error) -> step(() -> {
            timer.cancel();
            if (error == null && response instanceof ReplicaResponse.Keys page) {
                answered(partition, page);
            } else {
                List<ReplicaFailure> more = new ArrayList<>(failures);
                more.add(new ReplicaFailure(node, Rounds.reason(response, error)));
                ask(partition, afterKey, replicas, next + 1, more);
            }
        }));
    }

    /**
     * Runs {@code next} after the step running now, if any: answers that come back at once (this
     * node's own replica) continue in a loop rather than ever deeper calls, however many partitions
     * a page crosses.
     */
    private void step(Runnable next) {
        synchronized (this) {
            steps.add(next);
            if (stepping) {
                return;
            }
            stepping = true;
        }
        while (true) {
            Runnable step;
            synchronized (this) {
                step = steps.poll();
                if (step == null) {
                    stepping = false;
                    return;
                }
            }
            try {
                step.run();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            }
        }
    }

    private void answered(int partition, ReplicaResponse.Keys page) {
        keys.addAll(page.keys());
        if (page.resumeAfter() != null) {
            // The replica stopped early: full page, or its scan budget spent among deleted keys.
            result.complete(new KeyPage(List.copyOf(keys), new KeyCursor(partition, page.resumeAfter())));
        } else if (partition + 1 >= partitions) {
            result.complete(new KeyPage(List.copyOf(keys), null));
        } else if (keys.size() >= limit) {
            result.complete(new KeyPage(List.copyOf(keys), new KeyCursor(partition + 1, FROM_START)));
        } else {
            list(partition + 1, FROM_START);
        }
    }

    /** The replica did not answer within the request timeout. */
    private static final class NoAnswerInTime extends Exception {
        NoAnswerInTime(long timeoutNanos) {
            super("no answer in " + timeoutNanos / 1_000_000 + " ms", null, false, false);
        }
    }
}
