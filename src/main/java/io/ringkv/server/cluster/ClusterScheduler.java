package io.ringkv.server.cluster;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Scheduler;
import io.ringkv.server.runtime.ExecutorScheduler;

/** The timers of cluster work (coordinator timeouts, seed retries), apart from the storage engine's. */
public final class ClusterScheduler implements Scheduler, AutoCloseable {
    private final ExecutorScheduler executor = new ExecutorScheduler("ringkv-cluster", 2);

    @Override
    public void execute(Runnable task) {
        executor.execute(task);
    }

    @Override
    public Cancellable schedule(long delayNanos, Runnable task) {
        return executor.schedule(delayNanos, task);
    }

    @Override
    public Cancellable scheduleAtFixedRate(long periodNanos, Runnable task) {
        return executor.scheduleAtFixedRate(periodNanos, task);
    }

    @Override
    public void close() throws InterruptedException {
        executor.close();
    }
}
