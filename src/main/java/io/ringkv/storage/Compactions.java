package io.ringkv.storage;

import io.ringkv.storage.compaction.CompactionPicker;
import io.ringkv.storage.compaction.PurgeRule;
import io.ringkv.storage.compaction.RateLimiter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs compactions one at a time in the background: picks a run of tables, merges it into one
 * table at a bounded write rate, and hands the result to the engine to install. A failed
 * compaction leaves the tables as they were and is retried later.
 */
final class Compactions {
    private static final System.Logger LOG = System.getLogger(Compactions.class.getName());
    private static final long RETRY_NANOS = TimeUnit.SECONDS.toNanos(10);

    /** Installs a compaction's result durably in the engine's state. */
    @FunctionalInterface
    interface Installer {
        void install(List<TableHandle> inputs, TableHandle output) throws IOException;
    }

    /** The engine's current state with its tables retained. */
    @FunctionalInterface
    interface StateSource {
        EngineState retain() throws IOException;
    }

    private final StorageOptions options;
    private final StorageEnvironment env;
    private final TableFactory tables;
    private final FileNumbers fileNumbers;
    private final EngineMetrics metrics;
    private final Installer installer;
    private final StateSource states;
    private final CompactionPicker picker;
    private final PurgeRule purgeRule;
    private final RateLimiter limiter;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private volatile boolean cancelled;

    Compactions(
            StorageOptions options,
            StorageEnvironment env,
            TableFactory tables,
            FileNumbers fileNumbers,
            EngineMetrics metrics,
            Installer installer,
            StateSource states) {
        this.options = options;
        this.env = env;
        this.tables = tables;
        this.fileNumbers = fileNumbers;
        this.metrics = metrics;
        this.installer = installer;
        this.states = states;
        this.picker = new CompactionPicker(
                options.compactionMinTables(), options.compactionMaxTables(), options.slowdownTables());
        this.purgeRule = new PurgeRule(options.tombstoneGraceMillis(), options.purgeGate());
        this.limiter = new RateLimiter(env.clock(), options.compactionBytesPerSecond());
    }

    /** Makes sure a compaction pass will run soon. */
    void schedule() {
        if (!cancelled && scheduled.compareAndSet(false, true)) {
            env.scheduler().execute(this::runPass);
        }
    }

    private void runPass() {
        scheduled.set(false);
        running.lock();
        try {
            while (!cancelled && compactOnce(false)) {
                // keep merging while runs are due
            }
        } catch (IOException | RuntimeException e) {
            metrics.compactionFailures.increment();
            LOG.log(System.Logger.Level.WARNING, "compaction failed in " + options.dataDir() + "; will retry", e);
            if (!cancelled) {
                env.scheduler().schedule(RETRY_NANOS, this::schedule);
            }
        } finally {
            running.unlock();
        }
    }

    /** Runs due compactions in the calling thread until none is due. */
    void runUntilIdle() throws IOException {
        running.lock();
        try {
            while (!cancelled && compactOnce(false)) {
                // keep merging while runs are due
            }
        } finally {
            running.unlock();
        }
    }

    /** Merges every table into one, waiting for a running compaction first. */
    void compactAll() throws IOException {
        running.lock();
        try {
            compactOnce(true);
        } finally {
            running.unlock();
        }
    }

    /** Stops compactions: a running one is abandoned; returns when none runs. */
    void shutdown() {
        cancelled = true;
        running.lock();
        running.unlock();
    }

    private boolean compactOnce(boolean all) throws IOException {
        EngineState s = states.retain();
        try {
            List<TableHandle> live = s.tables().tables();
            CompactionPicker.Run run =
                    all ? (live.isEmpty() ? null : new CompactionPicker.Run(0, live.size())) : picker.pick(sizes(live));
            if (run == null) {
                return false;
            }
            List<TableHandle> inputs = List.copyOf(live.subList(run.start(), run.start() + run.count()));
            // Flushes only add newer tables, so a run that reaches the oldest table keeps doing so.
            boolean includesOldest = run.start() + run.count() == live.size();
            merge(inputs, includesOldest);
            return !cancelled;
        } finally {
            s.tables().release();
        }
    }

    private void merge(List<TableHandle> inputs, boolean includesOldest) throws IOException {
        long started = env.clock().nanos();
        long now = env.clock().millis();
        long inputBytes = 0;
        List<EntryIterator> sources = new ArrayList<>(inputs.size());
        for (TableHandle t : inputs) {
            inputBytes += t.fileSize();
            sources.add(t.reader().iterator(null, null, /* fillCache= */ false));
        }
        TableHandle output;
        long[] purged = new long[1];
        try (MergingIterator merged = new MergingIterator(sources)) {
            output = tables.write(
                    fileNumbers.next(),
                    merged,
                    e -> {
                        Entry kept = purgeRule.apply(e, includesOldest, now);
                        if (kept == null) {
                            purged[0]++;
                        }
                        return kept;
                    },
                    limiter,
                    () -> cancelled);
        }
        if (cancelled) {
            if (output != null) {
                output.markObsolete();
                output.release();
            }
            return;
        }
        installer.install(inputs, output);
        metrics.compactions.increment();
        metrics.compactionBytesRead.increment(inputBytes);
        metrics.compactionBytesWritten.increment(output == null ? 0 : output.fileSize());
        metrics.purgedEntries.increment(purged[0]);
        metrics.compactionLatency.recordNanos(env.clock().nanos() - started);
    }

    private static List<Long> sizes(List<TableHandle> live) {
        List<Long> sizes = new ArrayList<>(live.size());
        for (TableHandle t : live) {
            sizes.add(t.fileSize());
        }
        return sizes;
    }
}
