package io.ringkv.storage;

import io.ringkv.port.Clock;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Back-pressure on writers: slows each write a little when tables pile up, and makes writers wait
 * when flushes or compaction fall too far behind, so that memory and file counts stay bounded
 * without a write ever failing for it.
 */
final class WriteThrottle {
    private static final long SLOWDOWN_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** A waiting writer re-kicks background work this often, in case a wake-up was missed. */
    private static final long STALL_RECHECK_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final StorageOptions options;
    private final Clock clock;
    private final EngineMetrics metrics;
    private final ReentrantLock stateLock;
    private final Condition stateChanged;
    private final Supplier<EngineState> state;
    private final BooleanSupplier stopped;
    private final Runnable kickBackgroundWork;

    /**
     * @param stateLock the lock under which the engine changes its state
     * @param stateChanged signalled (under {@code stateLock}) on every change and on stop
     * @param stopped true once the engine failed or closed: waiting writers give up
     * @param kickBackgroundWork makes sure a flush and a compaction pass are scheduled
     */
    WriteThrottle(
            StorageOptions options,
            Clock clock,
            EngineMetrics metrics,
            ReentrantLock stateLock,
            Condition stateChanged,
            Supplier<EngineState> state,
            BooleanSupplier stopped,
            Runnable kickBackgroundWork) {
        this.options = options;
        this.clock = clock;
        this.metrics = metrics;
        this.stateLock = stateLock;
        this.stateChanged = stateChanged;
        this.state = state;
        this.stopped = stopped;
        this.kickBackgroundWork = kickBackgroundWork;
    }

    /** Returns when a write may go ahead (or the engine stopped, which the caller checks). */
    void awaitRoom() throws IOException {
        EngineState s = state.get();
        boolean memtablesBehind = s.immutables().size() >= options.maxImmutableMemtables();
        int tables = s.tables().size();
        if (!memtablesBehind && tables < options.slowdownTables()) {
            return;
        }
        kickBackgroundWork.run();
        if (!memtablesBehind && tables < options.stopTables()) {
            metrics.slowdowns.increment();
            park();
            return;
        }
        metrics.stalls.increment();
        long started = clock.nanos();
        stateLock.lock();
        try {
            while (!stopped.getAsBoolean() && isStalled(state.get())) {
                if (!stateChanged.await(STALL_RECHECK_NANOS, TimeUnit.NANOSECONDS)) {
                    stateLock.unlock();
                    try {
                        kickBackgroundWork.run();
                    } finally {
                        stateLock.lock();
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting for flush or compaction");
        } finally {
            stateLock.unlock();
        }
        metrics.stallTime.recordNanos(clock.nanos() - started);
    }

    private boolean isStalled(EngineState s) {
        return s.immutables().size() >= options.maxImmutableMemtables()
                || s.tables().size() >= options.stopTables();
    }

    private void park() throws IOException {
        try {
            clock.park(SLOWDOWN_NANOS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while slowed down");
        }
    }
}
