package io.ringkv.transfer;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import io.ringkv.replica.ReplicaStore;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import java.util.function.Predicate;

/**
 * Runs the transfers this node receives: at most {@code maxConcurrent} at once, the others queued
 * in the order offered. A failed run is tried again after a back-off that doubles up to its maximum,
 * from where it stopped; a rebuild passes over a source that failed {@code sourceAttempts} times in
 * a row, but only one that may be passed over (down for long: it may never come back), never one
 * that failed for a moment, whose copies may be the only ones of some writes (and starts over when
 * every source was passed without one read to its end). A transfer that
 * ends is handed to the completion callback once. After a restart of the node nothing is remembered:
 * the transfers offered again run from their start (merges are idempotent). Thread-safe.
 */
public final class TransferScheduler {
    /**
     * @param bytesPerSecond all transfers' received bytes per second together; 0 for no limit
     * @param maxConcurrent transfers running at once
     * @param chunkBytes the budget of one chunk request
     * @param retryMinNanos the first back-off after a failure
     * @param retryMaxNanos the longest back-off
     * @param sourceAttempts failures in a row after which a rebuild passes over a source
     * @param operationsKept finished transfers kept for listing
     */
    public record Settings(
            long bytesPerSecond,
            int maxConcurrent,
            int chunkBytes,
            long retryMinNanos,
            long retryMaxNanos,
            int sourceAttempts,
            int operationsKept) {
        public Settings {
            if (maxConcurrent < 1 || chunkBytes < 1 || sourceAttempts < 1 || operationsKept < 1) {
                throw new IllegalArgumentException("transfer settings must be positive");
            }
            if (retryMinNanos < 0 || retryMaxNanos < retryMinNanos) {
                throw new IllegalArgumentException("retry back-off must be 0 <= min <= max");
            }
        }
    }

    /** Told of each transfer that has received its range. */
    @FunctionalInterface
    public interface Completion {
        void completed(TransferJob job);
    }

    private static final System.Logger LOG = System.getLogger(TransferScheduler.class.getName());

    private final ReplicaStore store;
    private final StreamTransport transport;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Settings settings;
    private final Completion completion;
    private final Predicate<String> passable;
    private final TransferPacer pacer;
    private final TransferMetrics metrics;

    private final Deque<TransferJob> queued = new ArrayDeque<>();
    private final Map<String, Running> running = new HashMap<>();
    private final Map<String, TransferOperation> operations = new LinkedHashMap<>();
    private final Set<String> completed = new HashSet<>();
    private boolean stopped;

    private static final class Running {
        final RangeReceiver receiver;
        final TransferOperation operation;
        int failures;
        int sourceFailures;
        int failedSource = -1;
        Cancellable retry;

        Running(RangeReceiver receiver, TransferOperation operation) {
            this.receiver = receiver;
            this.operation = operation;
        }
    }

    public TransferScheduler(
            ReplicaStore store,
            StreamTransport transport,
            Scheduler scheduler,
            Clock clock,
            Metrics metrics,
            Settings settings,
            Completion completion) {
        this(store, transport, scheduler, clock, metrics, settings, completion, node -> true);
    }

    /**
     * @param passable whether a rebuild may pass over a source that keeps failing: one that has been
     *     down long enough that it may not come back
     */
    public TransferScheduler(
            ReplicaStore store,
            StreamTransport transport,
            Scheduler scheduler,
            Clock clock,
            Metrics metrics,
            Settings settings,
            Completion completion,
            Predicate<String> passable) {
        this.passable = passable;
        this.store = store;
        this.transport = transport;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.completion = completion;
        this.pacer = new TransferPacer(clock, settings.bytesPerSecond());
        this.metrics = new TransferMetrics(metrics);
        metrics.gauge("ringkv.transfer.active", this::active);
    }

    /**
     * The transfers this node should be receiving now. Those not yet known are queued (and started
     * as places free up); those queued or running that are not in {@code wanted} any more are
     * cancelled; those already completed are left alone.
     */
    public void offer(List<TransferJob> wanted) {
        List<Running> cancelled = new ArrayList<>();
        synchronized (this) {
            if (stopped) {
                return;
            }
            Set<String> ids = new HashSet<>();
            for (TransferJob job : wanted) {
                ids.add(job.id());
            }
            queued.removeIf(job -> {
                if (ids.contains(job.id())) {
                    return false;
                }
                operations.get(job.id()).finished(TransferOperation.State.CANCELLED);
                return true;
            });
            for (var it = running.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!ids.contains(e.getKey())) {
                    cancelled.add(e.getValue());
                    it.remove();
                }
            }
            for (TransferJob job : wanted) {
                TransferOperation known = operations.get(job.id());
                if (completed.contains(job.id())
                        || running.containsKey(job.id())
                        || (known != null && known.state() != TransferOperation.State.CANCELLED)) {
                    continue;
                }
                operations.remove(job.id());
                operations.put(job.id(), new TransferOperation(job, clock));
                queued.add(job);
            }
        }
        for (Running r : cancelled) {
            cancel(r);
        }
        startMore();
    }

    /** Whether this node has received the range of {@code job} (since it started). */
    public synchronized boolean isCompleted(TransferJob job) {
        return completed.contains(job.id());
    }

    /** Transfers running now (not queued). */
    public synchronized int active() {
        return running.size();
    }

    /** Every transfer offered, running and recent, oldest first. */
    public synchronized List<TransferOperation.View> operations() {
        return operations.values().stream().map(TransferOperation::view).toList();
    }

    public synchronized Optional<TransferOperation.View> operation(String id) {
        return Optional.ofNullable(operations.get(id)).map(TransferOperation::view);
    }

    /** Cancels every transfer; nothing starts after. */
    public void stop() {
        List<Running> all;
        synchronized (this) {
            stopped = true;
            all = new ArrayList<>(running.values());
            running.clear();
            queued.clear();
        }
        for (Running r : all) {
            cancel(r);
        }
    }

    private void cancel(Running r) {
        r.receiver.cancel();
        if (r.retry != null) {
            r.retry.cancel();
        }
        r.operation.finished(TransferOperation.State.CANCELLED);
    }

    private void startMore() {
        List<Running> started = new ArrayList<>();
        synchronized (this) {
            while (!stopped && running.size() < settings.maxConcurrent() && !queued.isEmpty()) {
                TransferJob job = queued.poll();
                TransferOperation op = operations.get(job.id());
                Running r = new Running(
                        new RangeReceiver(job, op, transport, store, scheduler, pacer, settings.chunkBytes(), metrics),
                        op);
                running.put(job.id(), r);
                started.add(r);
            }
        }
        for (Running r : started) {
            runOnce(r);
        }
    }

    private void runOnce(Running r) {
        r.receiver.run().whenComplete((ignored, failure) -> {
            if (failure == null) {
                finished(r);
            } else {
                failed(
                        r,
                        failure instanceof CompletionException && failure.getCause() != null
                                ? failure.getCause()
                                : failure);
            }
        });
    }

    private void finished(Running r) {
        TransferJob job = r.operation.job();
        synchronized (this) {
            if (running.get(job.id()) != r) {
                return; // cancelled meanwhile
            }
            running.remove(job.id());
            completed.add(job.id());
            r.operation.finished(TransferOperation.State.DONE);
            trim();
        }
        LOG.log(System.Logger.Level.INFO, "{0}: range {1} received", job.id(), job.range());
        try {
            completion.completed(job);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, job.id() + ": completion not reported: " + e.getMessage());
        }
        startMore();
    }

    private void failed(Running r, Throwable failure) {
        TransferJob job = r.operation.job();
        if (failure instanceof CancellationException) {
            return;
        }
        synchronized (this) {
            if (running.get(job.id()) != r || stopped) {
                return;
            }
            metrics.failed();
            r.failures++;
            int source = r.receiver.sourceIndex();
            r.sourceFailures = source == r.failedSource ? r.sourceFailures + 1 : 1;
            r.failedSource = source;
            String why = failure.getMessage() == null ? failure.toString() : failure.getMessage();
            r.operation.failed(why);
            LOG.log(
                    System.Logger.Level.WARNING,
                    "{0}: range {1} from {2} failed (attempt {3}): {4}",
                    job.id(),
                    job.range(),
                    r.receiver.currentSource(),
                    r.failures,
                    why);
            if (job.rebuild()
                    && r.sourceFailures >= settings.sourceAttempts()
                    && passable.test(r.receiver.currentSource())) {
                r.sourceFailures = 0;
                r.failedSource = -1;
                r.receiver.skipSource();
                if (r.receiver.passedAll() && r.receiver.sourcesRead() == 0) {
                    r.receiver.restart(); // none answered to the end: nothing to build from yet
                }
            }
            long backoff = settings.retryMinNanos() << Math.min(20, r.failures - 1);
            if (backoff < 0 || backoff > settings.retryMaxNanos()) {
                backoff = settings.retryMaxNanos();
            }
            r.retry = scheduler.schedule(backoff, () -> {
                synchronized (this) {
                    if (running.get(job.id()) != r) {
                        return;
                    }
                }
                runOnce(r);
            });
        }
    }

    /** Drops the oldest finished operations past the bound. */
    private void trim() {
        int finished = 0;
        for (TransferOperation op : operations.values()) {
            if (op.state() == TransferOperation.State.DONE || op.state() == TransferOperation.State.CANCELLED) {
                finished++;
            }
        }
        for (var it = operations.values().iterator(); it.hasNext() && finished > settings.operationsKept(); ) {
            TransferOperation op = it.next();
            if (op.state() == TransferOperation.State.DONE || op.state() == TransferOperation.State.CANCELLED) {
                it.remove();
                finished--;
            }
        }
    }
}
