package io.ringkv.membership;

import java.util.HashMap;
import java.util.Map;

/**
 * The phi accrual failure detector (Hayashibara et al.): instead of a yes/no verdict it gives, for
 * each node, a suspicion level phi that grows the longer its heartbeats are overdue, relative to how
 * regularly they have arrived so far. phi = -log10(P(a heartbeat is still to come after this long)),
 * with inter-arrival times modelled as a normal distribution, as Akka does; phi 8 means the chance
 * that a live node would be this late is about 1 in 10^8.
 *
 * <p>Two settings keep it sane: a minimum standard deviation (perfectly regular heartbeats would
 * otherwise make the tiniest delay look fatal) and an acceptable pause added to the mean (garbage
 * collection, a slow gossip round). Not thread-safe; the gossiper calls it from one thread.
 */
public final class PhiAccrualDetector {
    private final int windowSize;
    private final long minStdDevNanos;
    private final long acceptablePauseNanos;
    private final long firstIntervalNanos;
    private final Map<String, History> histories = new HashMap<>();

    /**
     * @param windowSize how many recent inter-arrival times make the estimate
     * @param minStdDevNanos floor of the standard deviation
     * @param acceptablePauseNanos added to the mean before suspicion starts
     * @param firstIntervalNanos the interval assumed before a node has sent two heartbeats
     */
    public PhiAccrualDetector(int windowSize, long minStdDevNanos, long acceptablePauseNanos, long firstIntervalNanos) {
        if (windowSize < 2 || minStdDevNanos <= 0 || acceptablePauseNanos < 0 || firstIntervalNanos <= 0) {
            throw new IllegalArgumentException("window >= 2, min std dev > 0, pause >= 0, first interval > 0");
        }
        this.windowSize = windowSize;
        this.minStdDevNanos = minStdDevNanos;
        this.acceptablePauseNanos = acceptablePauseNanos;
        this.firstIntervalNanos = firstIntervalNanos;
    }

    /** Records a heartbeat from {@code node} seen at {@code nowNanos} (monotonic). */
    public void heartbeat(String node, long nowNanos) {
        History h = histories.get(node);
        if (h == null) {
            h = new History(windowSize);
            // Seed with the expected interval so a node that sent one heartbeat can be judged.
            h.add(firstIntervalNanos);
            h.add(firstIntervalNanos + minStdDevNanos);
            histories.put(node, h);
        } else {
            h.add(nowNanos - h.last);
        }
        h.last = nowNanos;
    }

    /** The suspicion level of {@code node} at {@code nowNanos}; 0 for a node never heard from. */
    public double phi(String node, long nowNanos) {
        History h = histories.get(node);
        if (h == null) {
            return 0;
        }
        double elapsed = nowNanos - h.last;
        double mean = h.mean() + acceptablePauseNanos;
        double stdDev = Math.max(h.stdDev(), minStdDevNanos);
        return phi(elapsed, mean, stdDev);
    }

    /** Nanos since {@code node}'s last heartbeat at {@code nowNanos}, or -1 for a node never heard from. */
    public long sinceLastHeartbeat(String node, long nowNanos) {
        History h = histories.get(node);
        return h == null ? -1 : nowNanos - h.last;
    }

    /** Forgets a node (it left, or restarted with a new generation). */
    public void remove(String node) {
        histories.remove(node);
    }

    /**
     * -log10 of the normal distribution's upper tail at {@code elapsed}, by the logistic
     * approximation of the cumulative distribution that Akka uses (error below 0.02%).
     */
    static double phi(double elapsed, double mean, double stdDev) {
        double y = (elapsed - mean) / stdDev;
        double e = Math.exp(-y * (1.5976 + 0.070566 * y * y));
        if (elapsed > mean) {
            return -Math.log10(e / (1.0 + e));
        }
        return -Math.log10(1.0 - 1.0 / (1.0 + e));
    }

    /** A bounded window of inter-arrival times with running sums. */
    private static final class History {
        private final long[] intervals;
        private int size;
        private int next;
        private double sum;
        private double sumOfSquares;
        long last;

        History(int capacity) {
            this.intervals = new long[capacity];
        }

        void add(long interval) {
            if (size == intervals.length) {
                long old = intervals[next];
                sum -= old;
                sumOfSquares -= (double) old * old;
            } else {
                size++;
            }
            intervals[next] = interval;
            next = (next + 1) % intervals.length;
            sum += interval;
            sumOfSquares += (double) interval * interval;
        }

        double mean() {
            return sum / size;
        }

        double stdDev() {
            double mean = mean();
            return Math.sqrt(Math.max(0, sumOfSquares / size - mean * mean));
        }
    }
}
