package io.ringkv.port;

/** Where the core's background work runs; the core never creates threads of its own. */
public interface Scheduler {

    /** Runs {@code task} as soon as possible, possibly on another thread, possibly inline. */
    void execute(Runnable task);

    /** Runs {@code task} once after {@code delayNanos}. */
    Cancellable schedule(long delayNanos, Runnable task);

    /** Runs {@code task} every {@code periodNanos}, first after {@code periodNanos}. */
    Cancellable scheduleAtFixedRate(long periodNanos, Runnable task);
}
