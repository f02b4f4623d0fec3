package io.ringkv.sim;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Scheduler;
import java.util.PriorityQueue;

/**
 * A single-threaded scheduler driven by a {@link SimClock}. {@link #execute} runs the task inline
 * (so background work such as a flush has finished when the call that triggered it returns);
 * timed tasks wait in a queue until {@link #advance} moves the clock past them.
 */
public final class SimScheduler implements Scheduler {
    private final SimClock clock;
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long sequence;

    public SimScheduler(SimClock clock) {
        this.clock = clock;
    }

    @Override
    public void execute(Runnable task) {
        task.run();
    }

    @Override
    public synchronized Cancellable schedule(long delayNanos, Runnable task) {
        Task t = new Task(clock.nanos() + Math.max(0, delayNanos), sequence++, task, 0);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    @Override
    public synchronized Cancellable scheduleAtFixedRate(long periodNanos, Runnable task) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be positive, was " + periodNanos);
        }
        Task t = new Task(clock.nanos() + periodNanos, sequence++, task, periodNanos);
        queue.add(t);
        return () -> t.cancelled = true;
    }

    /** Moves the clock forward by {@code nanos}, running every task that falls due, in time order. */
    public void advance(long nanos) {
        long until = clock.nanos() + nanos;
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.at > until) {
                    break;
                }
                queue.poll();
            }
            if (next.at > clock.nanos()) {
                clock.advance(next.at - clock.nanos());
            }
            if (!next.cancelled) {
                next.runnable.run();
                if (next.period > 0 && !next.cancelled) {
                    synchronized (this) {
                        next.at += next.period;
                        next.seq = sequence++;
                        queue.add(next);
                    }
                }
            }
        }
        if (until > clock.nanos()) {
            clock.advance(until - clock.nanos());
        }
    }

    public synchronized int pending() {
        return queue.size();
    }

    private static final class Task implements Comparable<Task> {
        long at;
        long seq;
        final Runnable runnable;
        final long period;
        volatile boolean cancelled;

        Task(long at, long seq, Runnable runnable, long period) {
            this.at = at;
            this.seq = seq;
            this.runnable = runnable;
            this.period = period;
        }

        @Override
        public int compareTo(Task o) {
            int c = Long.compare(at, o.at);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }
}
