package io.ringkv.faults;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Everything a fault run records: the clients' operations, the faults with the time each was active,
 * and the quiet windows (no fault active, every node seeing every member UP) in which a quorum read
 * must see every write acknowledged before it began.
 */
final class FaultHistory {
    /** A fault, from injection until it was healed and the node(s) served again. */
    record FaultWindow(String what, long startMs, long endMs) {}

    /** A span with no fault active, after every node saw every other UP. */
    record Quiet(long startMs, long endMs) {
        boolean contains(long fromMs, long toMs) {
            return fromMs >= startMs && toMs <= endMs;
        }
    }

    private final long origin = System.nanoTime();
    private final List<Op> ops = new ArrayList<>();
    private final List<FaultWindow> faults = new ArrayList<>();
    private final List<Quiet> quiet = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();
    private long quietSince = -1;

    long nowMs() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - origin);
    }

    synchronized void record(Op op) {
        ops.add(op);
    }

    synchronized void fault(String what, long startMs, long endMs) {
        faults.add(new FaultWindow(what, startMs, endMs));
    }

    synchronized void note(String line) {
        notes.add(line);
    }

    /** Opens a quiet window now. */
    synchronized void quietBegins() {
        if (quietSince < 0) {
            quietSince = nowMs();
        }
    }

    /** Closes the open quiet window (a fault is about to be injected, or the run ends). */
    synchronized void quietEnds() {
        if (quietSince >= 0) {
            quiet.add(new Quiet(quietSince, nowMs()));
            quietSince = -1;
        }
    }

    synchronized List<Op> ops() {
        return List.copyOf(ops);
    }

    synchronized List<FaultWindow> faults() {
        return List.copyOf(faults);
    }

    synchronized List<Quiet> quiet() {
        return List.copyOf(quiet);
    }

    synchronized List<String> notes() {
        return List.copyOf(notes);
    }
}
