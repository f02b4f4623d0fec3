package io.ringkv.server.cluster;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Scheduler;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The timers of cluster work (coordinator timeouts, seed retries), apart from the storage engine's.
 * On shutdown, timers not yet due are dropped: none of them is worth waiting for.
 */
public final class ClusterScheduler implements Scheduler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterScheduler.class);
    private final ScheduledThreadPoolExecutor executor;

    public ClusterScheduler() {
        AtomicInteger count = new AtomicInteger();
        this.executor = new ScheduledThreadPoolExecutor(2, runnable -> {
            Thread thread = new Thread(runnable, "ringkv-cluster-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        executor.setRemoveOnCancelPolicy(true);
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
                LOG.error("cluster task failed", e);
            }
        };
    }

    @Override
    public void close() throws InterruptedException {
        executor.shutdown();
        if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
            executor.shutdownNow();
        }
    }
}
