package io.ringkv.repair;

import io.ringkv.kv.BucketProps;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.RepairTransport;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.RepairScope;
import io.ringkv.replica.BucketCatalog;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Active anti-entropy: every partition this node replicates is exchanged ({@link Exchange}) with
 * each of its other replicas once per period, and on demand ({@link #repairNode}, {@link
 * #repairPartition}, {@link #repairBucket}). Each run is a {@link RepairOperation}; at most {@code
 * maxConcurrent} exchanges run at once over all operations, the others wait in order, and all their
 * messages share one byte rate.
 *
 * <p>Which keys two replicas of a partition have in common depends on each bucket's {@code n}: the
 * replica at position i and the one at position j of the partition's preference list both hold the
 * keys of buckets with {@code n > max(i, j)}, so their exchange compares exactly those keys.
 */
public final class AntiEntropy {
    /** The most bytes of replica requests one sync batch carries past its first request. */
    static final long BATCH_BYTES = 1 << 20;

    private static final System.Logger LOG = System.getLogger(AntiEntropy.class.getName());

    /**
     * @param periodNanos how often every partition is exchanged with each other replica; 0 for only on
     *     demand
     * @param bytesPerSecond all exchanges' messages together, both ways; 0 for no limit
     * @param maxConcurrent exchanges running at once
     * @param timeoutNanos how long one message waits for its answer
     * @param keptOperations finished operations kept for {@link #operations()}
     * @param batchSize replica requests per sync call
     */
    public record Settings(
            long periodNanos,
            long bytesPerSecond,
            int maxConcurrent,
            long timeoutNanos,
            int keptOperations,
            int batchSize) {
        public Settings {
            if (periodNanos < 0
                    || bytesPerSecond < 0
                    || maxConcurrent < 1
                    || timeoutNanos <= 0
                    || keptOperations < 1
                    || batchSize < 1) {
                throw new IllegalArgumentException("invalid anti-entropy settings: " + periodNanos + ", "
                        + bytesPerSecond + ", " + maxConcurrent + ", " + timeoutNanos + ", " + keptOperations + ", "
                        + batchSize);
            }
        }
    }

    /** Where partitions live, as this node sees it. */
    public interface Replicas {
        /** Q. */
        int partitions();

        /** The first {@code n} replicas of {@code partition} (fewer in a smaller cluster). */
        List<String> replicas(int partition, int n);

        /** Whether {@code node} is believed up; exchanges with nodes that are not fail at once. */
        boolean isUp(String node);
    }

    /** What exchanges share. */
    record Context(
            PartitionDigests digests,
            ReplicaTransport replicas,
            RepairTransport repairs,
            Scheduler scheduler,
            Clock clock,
            Pacer pacer,
            long timeoutNanos,
            int batchSize,
            Metrics.Counter bytesSent,
            Metrics.Counter bytesReceived,
            Metrics.Counter differencesFound,
            Metrics.Counter keysRepaired) {

        void sent(long bytes, RepairOperation op) {
            bytesSent.increment(bytes);
            op.bytesSent.addAndGet(bytes);
        }

        void received(long bytes, RepairOperation op) {
            bytesReceived.increment(bytes);
            op.bytesReceived.addAndGet(bytes);
        }
    }

    /** One exchange waiting its turn; {@code round} when it counts toward repaired-through times. */
    private record Task(RepairOperation op, int partition, String peer, RepairScope scope, Round round) {}

    /**
     * A repair of whole partitions (every bucket, every other replica): a partition all of whose
     * exchanges succeed is repaired through the round's start ({@link RepairLedger}); the ledger is
     * made durable once the last exchange has ended, before the operation reports done.
     */
    private static final class Round {
        final long startedMillis;
        final Map<Integer, Integer> exchangesLeft = new java.util.HashMap<>();
        final java.util.Set<Integer> failed = new java.util.HashSet<>();
        int tasksLeft;

        Round(long startedMillis) {
            this.startedMillis = startedMillis;
        }
    }

    private final String self;
    private final PartitionDigests digests;
    private final BucketCatalog catalog;
    private final Replicas placement;
    private final Scheduler scheduler;
    private final Clock clock;
    private final Settings settings;
    private final Context ctx;
    private final Metrics.Counter exchangesOk;
    private final Metrics.Counter exchangesFailed;
    private final Metrics.Timer exchangeTime;
    private final long createdAtNanos;
    private final RepairLedger ledger;

    private final Deque<Task> queue = new ArrayDeque<>();
    private final Map<String, RepairOperation> operations = new LinkedHashMap<>();
    /** Per partition this node replicates (as of the last node-wide plan): per peer, the last success. */
    private final Map<Integer, Map<String, Long>> lastSuccess = new ConcurrentHashMap<>();

    private int running;
    private long sequence;
    private RepairOperation scheduledRound;
    private Cancellable schedule;

    public AntiEntropy(
            String self,
            PartitionDigests digests,
            ReplicaTransport replicas,
            RepairTransport repairs,
            Replicas placement,
            Scheduler scheduler,
            Clock clock,
            Metrics metrics,
            Settings settings) {
        this(self, digests, replicas, repairs, placement, scheduler, clock, metrics, settings, null);
    }

    /**
     * @param ledger where partitions exchanged with every other replica are recorded (the purge
     *     horizon's input, see {@link PurgeHorizon}); null for nowhere
     */
    public AntiEntropy(
            String self,
            PartitionDigests digests,
            ReplicaTransport replicas,
            RepairTransport repairs,
            Replicas placement,
            Scheduler scheduler,
            Clock clock,
            Metrics metrics,
            Settings settings,
            RepairLedger ledger) {
        this.self = self;
        this.ledger = ledger;
        this.digests = digests;
        this.catalog = digests.store().catalog();
        this.placement = placement;
        this.scheduler = scheduler;
        this.clock = clock;
        this.settings = settings;
        this.createdAtNanos = clock.nanos();
        this.sequence = clock.millis();
        this.ctx = new Context(
                digests,
                replicas,
                repairs,
                scheduler,
                clock,
                new Pacer(clock, settings.bytesPerSecond()),
                settings.timeoutNanos(),
                settings.batchSize(),
                metrics.counter("ringkv.repair.bytes", "direction", "sent"),
                metrics.counter("ringkv.repair.bytes", "direction", "received"),
                metrics.counter("ringkv.repair.differences"),
                metrics.counter("ringkv.repair.keys.repaired"));
        this.exchangesOk = metrics.counter("ringkv.repair.exchanges", "outcome", "ok");
        this.exchangesFailed = metrics.counter("ringkv.repair.exchanges", "outcome", "failed");
        this.exchangeTime = metrics.timer("ringkv.repair.exchange.latency");
        metrics.gauge("ringkv.repair.partition.age.max.seconds", this::maxPartitionAgeSeconds);
        metrics.gauge("ringkv.repair.repaired.age.max.seconds", this::maxRepairedAgeSeconds);
    }

    /** Starts a node-wide round every period (none when the period is 0). */
    public synchronized void start() {
        if (settings.periodNanos() > 0 && schedule == null) {
            schedule = scheduler.scheduleAtFixedRate(settings.periodNanos(), this::scheduledRound);
        }
    }

    public synchronized void stop() {
        if (schedule != null) {
            schedule.cancel();
            schedule = null;
        }
    }

    private void scheduledRound() {
        synchronized (this) {
            if (scheduledRound != null && !scheduledRound.finished()) {
                return; // the last round has not finished: the next starts a period after it does
            }
        }
        try {
            RepairOperation op = plan("node", "scheduled", null, null);
            synchronized (this) {
                scheduledRound = op;
            }
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "anti-entropy round not started: " + e.getMessage());
        }
    }

    /** Exchanges every partition this node replicates with each of its other replicas. */
    public RepairOperation repairNode() {
        return plan("node", "admin", null, null);
    }

    /**
     * Exchanges one partition with each of its other replicas.
     *
     * @throws IllegalArgumentException when the partition does not exist or this node holds no replica of it
     */
    public RepairOperation repairPartition(int partition) {
        if (partition < 0 || partition >= placement.partitions()) {
            throw new IllegalArgumentException("partition " + partition
                    + " does not exist: the ring has partitions 0 to " + (placement.partitions() - 1));
        }
        if (!placement.replicas(partition, maxN()).contains(self)) {
            throw new IllegalArgumentException("this node (" + self + ") holds no replica of partition " + partition
                    + "; ask one of " + placement.replicas(partition, maxN()));
        }
        return plan("partition " + partition, "admin", partition, null);
    }

    /**
     * Exchanges one bucket's keys in every partition this node replicates for it.
     *
     * @throws IllegalArgumentException when this node knows no bucket of that name
     */
    public RepairOperation repairBucket(String bucket) {
        if (!catalog.buckets().contains(bucket)) {
            throw new IllegalArgumentException("this node knows no bucket '" + bucket + "'");
        }
        return plan("bucket " + bucket, "admin", null, bucket);
    }

    /** Every running and recent operation, oldest first. */
    public synchronized List<RepairOperation.View> operations() {
        long now = clock.nanos();
        return operations.values().stream().map(op -> op.view(now)).toList();
    }

    public synchronized Optional<RepairOperation.View> operation(String id) {
        RepairOperation op = operations.get(id);
        return op == null ? Optional.empty() : Optional.of(op.view(clock.nanos()));
    }

    /** The largest n of any bucket this node knows (and of the defaults). */
    private int maxN() {
        int n = catalog.defaults().n();
        for (String bucket : catalog.buckets()) {
            n = Math.max(n, catalog.props(bucket).n());
        }
        return Math.min(n, BucketProps.MAX_N);
    }

    private RepairOperation plan(String scopeName, String trigger, Integer onlyPartition, String bucket) {
        int n = bucket == null ? maxN() : catalog.props(bucket).n();
        List<Task> tasks = new ArrayList<>();
        Map<Integer, Integer> perPartition = new TreeMap<>();
        String id;
        synchronized (this) {
            id = "repair-" + (++sequence);
        }
        Round round = ledger != null && bucket == null ? new Round(clock.millis()) : null;
        Map<Integer, Map<String, Long>> held = new LinkedHashMap<>();
        List<Object[]> planned = new ArrayList<>();
        for (int p = 0; p < placement.partitions(); p++) {
            if (onlyPartition != null && p != onlyPartition) {
                continue;
            }
            List<String> replicas = placement.replicas(p, n);
            int mine = replicas.indexOf(self);
            if (mine < 0) {
                continue;
            }
            Map<String, Long> peers = lastSuccess.getOrDefault(p, new ConcurrentHashMap<>());
            Map<String, Long> kept = new ConcurrentHashMap<>();
            for (int j = 0; j < replicas.size(); j++) {
                if (j == mine) {
                    continue;
                }
                String peer = replicas.get(j);
                kept.put(peer, peers.getOrDefault(peer, Long.MIN_VALUE));
                planned.add(
                        new Object[] {p, peer, new RepairScope(p, Math.max(mine, j) + 1, bucket == null ? "" : bucket)
                        });
                perPartition.merge(p, 1, Integer::sum);
            }
            if (round != null) {
                if (replicas.size() == 1) {
                    ledger.record(p, round.startedMillis); // no other replica to wait for
                } else {
                    round.exchangesLeft.put(p, replicas.size() - 1);
                    round.tasksLeft += replicas.size() - 1;
                }
            }
            held.put(p, kept);
        }
        if (onlyPartition == null && bucket == null) {
            // The partitions and peers this node replicates now, each with its last success so far.
            lastSuccess.keySet().retainAll(held.keySet());
            lastSuccess.putAll(held);
        }
        RepairOperation op = new RepairOperation(id, scopeName, trigger, perPartition);
        for (Object[] t : planned) {
            tasks.add(new Task(op, (Integer) t[0], (String) t[1], (RepairScope) t[2], round));
        }
        if (round != null && tasks.isEmpty()) {
            commitLedger();
        }
        synchronized (this) {
            operations.put(id, op);
            trimOperations();
            if (tasks.isEmpty()) {
                op.finishEmpty(clock.millis(), clock.nanos());
            }
            queue.addAll(tasks);
        }
        pump();
        return op;
    }

    private void trimOperations() {
        int finished = 0;
        for (RepairOperation op : operations.values()) {
            if (op.finished()) {
                finished++;
            }
        }
        var it = operations.values().iterator();
        while (finished > settings.keptOperations() && it.hasNext()) {
            if (it.next().finished()) {
                it.remove();
                finished--;
            }
        }
    }

    /** Starts waiting exchanges while fewer than the bound run. */
    private void pump() {
        List<Task> starting = new ArrayList<>();
        synchronized (this) {
            while (running < settings.maxConcurrent() && !queue.isEmpty()) {
                starting.add(queue.poll());
                running++;
            }
        }
        for (Task task : starting) {
            scheduler.execute(() -> runTask(task));
        }
    }

    private void runTask(Task task) {
        task.op.started(clock.millis(), clock.nanos());
        long began = clock.nanos();
        if (!placement.isUp(task.peer)) {
            finishTask(task, began, task.peer + " is down");
            return;
        }
        Exchange exchange = new Exchange(ctx, task.peer, task.scope, task.op);
        CompletableFuture<Void> run;
        try {
            run = exchange.run();
        } catch (RuntimeException e) {
            run = CompletableFuture.failedFuture(e);
        }
        run.whenComplete((ignored, error) -> finishTask(task, began, error == null ? null : describe(task, error)));
    }

    private static String describe(Task task, Throwable error) {
        Throwable cause = error;
        while (cause instanceof java.util.concurrent.CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return "partition " + task.partition + " with " + task.peer + ": "
                + cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }

    private void finishTask(Task task, long began, String failure) {
        exchangeTime.recordNanos(clock.nanos() - began);
        if (failure == null) {
            exchangesOk.increment();
            Map<String, Long> peers = lastSuccess.get(task.partition);
            if (peers != null && peers.containsKey(task.peer)) {
                peers.put(task.peer, clock.nanos());
            }
        } else {
            exchangesFailed.increment();
            LOG.log(System.Logger.Level.DEBUG, "anti-entropy exchange failed: " + failure);
        }
        if (task.round != null) {
            counted(task, failure == null);
        }
        task.op.exchanged(task.partition, failure, clock.millis(), clock.nanos());
        synchronized (this) {
            running--;
            trimOperations();
        }
        pump();
    }

    /** Counts a whole-partition exchange; the round's last one makes its ledger entries durable. */
    private void counted(Task task, boolean ok) {
        Round round = task.round;
        boolean last;
        synchronized (round) {
            if (!ok) {
                round.failed.add(task.partition);
            }
            int left = round.exchangesLeft.merge(task.partition, -1, Integer::sum);
            if (left == 0 && !round.failed.contains(task.partition)) {
                ledger.record(task.partition, round.startedMillis);
            }
            last = --round.tasksLeft == 0;
        }
        if (last) {
            commitLedger();
        }
    }

    private void commitLedger() {
        try {
            ledger.commit();
        } catch (java.io.IOException | RuntimeException e) {
            // Not durable, so not used: tombstones wait for the next round.
            LOG.log(System.Logger.Level.WARNING, "repaired-through times not saved: " + e.getMessage());
        }
    }

    /**
     * The age, in seconds, of the oldest repaired-through time (see {@link RepairLedger}) over the
     * partitions this node replicates (as of its last node-wide round): tombstones of a partition are
     * purged no earlier than this after they were written, whatever the grace period. A partition
     * never repaired counts from when the ledger was created. 0 without a ledger or a round.
     */
    double maxRepairedAgeSeconds() {
        if (ledger == null) {
            return 0;
        }
        long now = clock.millis();
        long oldest = 0;
        for (int p : lastSuccess.keySet()) {
            long through = ledger.repairedThrough(p);
            oldest = Math.max(oldest, now - (through == RepairLedger.NEVER ? ledger.createdMillis() : through));
        }
        return oldest / 1e3;
    }

    /**
     * The age, in seconds, of the oldest of the partitions this node replicates: for each, the time
     * since its least recent successful exchange with one of its other replicas (since this service
     * started, for an exchange that never succeeded).
     */
    double maxPartitionAgeSeconds() {
        long now = clock.nanos();
        long oldest = 0;
        for (Map<String, Long> peers : lastSuccess.values()) {
            for (long at : peers.values()) {
                long since = at == Long.MIN_VALUE ? now - createdAtNanos : now - at;
                oldest = Math.max(oldest, since);
            }
        }
        return oldest / 1e9;
    }

    /** The number of exchanges running or waiting. */
    public synchronized int pendingExchanges() {
        return running + queue.size();
    }
}
