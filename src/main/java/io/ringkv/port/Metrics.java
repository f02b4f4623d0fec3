package io.ringkv.port;

import java.util.function.DoubleSupplier;

/**
 * Counters, timers and gauges the core reports; adapters map them onto Micrometer or a recorder.
 * Names are dotted and lower case ({@code ringkv.storage.writes}); tags come as key/value pairs.
 */
public interface Metrics {

    Counter counter(String name, String... tags);

    Timer timer(String name, String... tags);

    /** Registers a gauge read on demand; the supplier must be cheap and thread-safe. */
    void gauge(String name, DoubleSupplier value, String... tags);

    /** A monotonically increasing count. */
    interface Counter {
        void increment(long amount);

        default void increment() {
            increment(1);
        }
    }

    /** A distribution of durations. */
    interface Timer {
        void recordNanos(long nanos);
    }

    /** Metrics that go nowhere. */
    static Metrics noop() {
        return NoopMetrics.INSTANCE;
    }
}
