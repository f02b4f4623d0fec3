package io.ringkv.sim;

import io.ringkv.port.Metrics;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

/** Metrics kept in memory so tests can read them; a name's tags are folded into its key. */
public final class RecordingMetrics implements Metrics {
    private final Map<String, AtomicLong> counts = new ConcurrentHashMap<>();
    private final Map<String, DoubleSupplier> gauges = new ConcurrentHashMap<>();

    @Override
    public Counter counter(String name, String... tags) {
        AtomicLong count = counts.computeIfAbsent(key(name, tags), k -> new AtomicLong());
        return count::addAndGet;
    }

    @Override
    public Timer timer(String name, String... tags) {
        AtomicLong count = counts.computeIfAbsent(key(name, tags), k -> new AtomicLong());
        return nanos -> count.incrementAndGet();
    }

    @Override
    public void gauge(String name, DoubleSupplier value, String... tags) {
        gauges.put(key(name, tags), value);
    }

    /** The count of a counter, or the number of recordings of a timer; 0 if never touched. */
    public long count(String name, String... tags) {
        AtomicLong count = counts.get(key(name, tags));
        return count == null ? 0 : count.get();
    }

    public double gaugeValue(String name, String... tags) {
        DoubleSupplier gauge = gauges.get(key(name, tags));
        if (gauge == null) {
            throw new IllegalArgumentException("no gauge " + key(name, tags));
        }
        return gauge.getAsDouble();
    }

    private static String key(String name, String... tags) {
        return tags.length == 0 ? name : name + String.join(",", tags);
    }
}
