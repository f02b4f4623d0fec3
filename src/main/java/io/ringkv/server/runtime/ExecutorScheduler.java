package io.ringkv.server.runtime;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Scheduler;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/** A scheduler on a pool of daemon platform threads; a failing task is logged, never silent. */
public final class ExecutorScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ExecutorScheduler.class.getName());
    private final ScheduledExecutorService executor;

    public ExecutorScheduler(String name, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, was " + threads);
        }
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, factory);
        // Timeouts are scheduled per request and nearly always cancelled: drop them at once rather
        // than keep them queued until they would have fired; and do not wait for them on close.
        pool.setRemoveOnCancelPolicy(true);
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    @Override
    public void execute(Runnable task) {
        executor.execute(logged(task));
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        ScheduledFuture<?> future = executor.schedule(logged(task), delayNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    @Override
    public Cancellable scheduleAtFixedRate(long periodNanos, Runnable task) {
        ScheduledFuture<?> future =
                executor.scheduleAtFixedRate(logged(task), periodNanos, periodNanos, TimeUnit.NANOSECONDS);
        return () -> future.cancel(false);
    }

    private static Runnable logged(Runnable task) {
        return () -> {
            try {
                task.run();
            } catch (RuntimeException | Error e) {
                LOG.log(Level.SEVERE, "background task failed", e);
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(30, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
