package io.ringkv.server.runtime;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where the writes of a batch from another node wait for their commit log sync side by side: a
 * virtual thread each on Java 21 and later; on Java 17 a pool of at most {@link #MAX_PLATFORM_THREADS}
 * platform threads, past which a write runs on the thread serving the batch. Once shut down it
 * refuses work, which the batch then runs on its own thread.
 */
public record ReplicaBatchWriters(ExecutorService executor) implements AutoCloseable {
    public static final int MAX_PLATFORM_THREADS = 64;

    public static ReplicaBatchWriters create() {
        return new ReplicaBatchWriters(VirtualThreads.perTaskExecutor().orElseGet(ReplicaBatchWriters::platformPool));
    }

    private static ExecutorService platformPool() {
        AtomicInteger count = new AtomicInteger();
        return new ThreadPoolExecutor(
                0,
                MAX_PLATFORM_THREADS,
                60,
                TimeUnit.SECONDS,
                new SynchronousQueue<>(),
                task -> {
                    Thread thread = new Thread(task, "ringkv-batch-writer-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                },
                (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the node is shutting down");
                    }
                    task.run();
                });
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
