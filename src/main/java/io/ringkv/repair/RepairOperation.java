package io.ringkv.repair;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One repair: a set of exchanges (a partition with one of its other replicas each), started by an
 * operator or by the schedule, and its progress. Thread-safe.
 */
public final class RepairOperation {
    /** Where an operation is. */
    public enum State {
        PENDING,
        RUNNING,
        DONE,
        FAILED
    }

    /**
     * What an operation shows.
     *
     * @param scope what it repairs: {@code node}, {@code partition <p>} or {@code bucket <b>}
     * @param trigger {@code admin} or {@code scheduled}
     * @param bytesPerSecond bytes sent and received per second of its run so far
     * @param startedAtMillis wall clock at its first exchange (0 while pending)
     * @param finishedAtMillis wall clock when its last exchange ended (0 until then)
     * @param error why it failed (the first failures), or null
     */
    public record View(
            String id,
            String scope,
            String trigger,
            State state,
            int partitionsDone,
            int partitionsTotal,
            int exchangesDone,
            int exchangesFailed,
            int exchangesTotal,
            long keysCompared,
            long differences,
            long keysRepaired,
            long bytesSent,
            long bytesReceived,
            double bytesPerSecond,
            long startedAtMillis,
            long finishedAtMillis,
            String error) {}

    private static final int MAX_ERRORS_SHOWN = 3;

    private final String id;
    private final String scope;
    private final String trigger;
    private final int exchangesTotal;
    private final Map<Integer, Integer> remainingPerPartition;
    private final int partitionsTotal;
    final AtomicLong keysCompared = new AtomicLong();
    final AtomicLong differences = new AtomicLong();
    final AtomicLong keysRepaired = new AtomicLong();
    final AtomicLong bytesSent = new AtomicLong();
    final AtomicLong bytesReceived = new AtomicLong();
    private State state = State.PENDING;
    private int exchangesDone;
    private int exchangesFailed;
    private int partitionsDone;
    private long startedAtMillis;
    private long startedAtNanos;
    private long finishedAtMillis;
    private long finishedAtNanos;
    private final StringBuilder errors = new StringBuilder();

    RepairOperation(String id, String scope, String trigger, Map<Integer, Integer> exchangesPerPartition) {
        this.id = id;
        this.scope = scope;
        this.trigger = trigger;
        this.remainingPerPartition = new HashMap<>(exchangesPerPartition);
        this.partitionsTotal = exchangesPerPartition.size();
        this.exchangesTotal = exchangesPerPartition.values().stream()
                .mapToInt(Integer::intValue)
                .sum();
    }

    public String id() {
        return id;
    }

    synchronized void started(long millis, long nanos) {
        if (state == State.PENDING) {
            state = State.RUNNING;
            startedAtMillis = millis;
            startedAtNanos = nanos;
        }
    }

    /** Records one exchange's end; answers whether the operation is over. */
    synchronized boolean exchanged(int partition, String failure, long millis, long nanos) {
        exchangesDone++;
        if (failure != null) {
            exchangesFailed++;
            if (exchangesFailed <= MAX_ERRORS_SHOWN) {
                errors.append(errors.length() == 0 ? "" : "; ").append(failure);
            }
        }
        int left = remainingPerPartition.merge(partition, -1, Integer::sum);
        if (left == 0) {
            partitionsDone++;
        }
        if (exchangesDone == exchangesTotal) {
            finish(millis, nanos);
            return true;
        }
        return false;
    }

    /** Ends an operation with nothing to exchange at once. */
    synchronized void finishEmpty(long millis, long nanos) {
        started(millis, nanos);
        finish(millis, nanos);
    }

    private void finish(long millis, long nanos) {
        state = exchangesFailed == 0 ? State.DONE : State.FAILED;
        finishedAtMillis = millis;
        finishedAtNanos = nanos;
    }

    public synchronized boolean finished() {
        return state == State.DONE || state == State.FAILED;
    }

    public synchronized View view(long nowNanos) {
        long end = finished() ? finishedAtNanos : nowNanos;
        long elapsed = state == State.PENDING ? 0 : end - startedAtNanos;
        long bytes = bytesSent.get() + bytesReceived.get();
        String error = exchangesFailed == 0
                ? null
                : exchangesFailed + " of " + exchangesTotal + " exchanges failed: " + errors
                        + (exchangesFailed > MAX_ERRORS_SHOWN ? "; ..." : "");
        return new View(
                id,
                scope,
                trigger,
                state,
                partitionsDone,
                partitionsTotal,
                exchangesDone,
                exchangesFailed,
                exchangesTotal,
                keysCompared.get(),
                differences.get(),
                keysRepaired.get(),
                bytesSent.get(),
                bytesReceived.get(),
                elapsed <= 0 ? 0.0 : bytes * 1e9 / elapsed,
                startedAtMillis,
                finishedAtMillis,
                error);
    }
}
