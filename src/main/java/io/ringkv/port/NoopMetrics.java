package io.ringkv.port;

import java.util.function.DoubleSupplier;

final class NoopMetrics implements Metrics {
    static final NoopMetrics INSTANCE = new NoopMetrics();
    private static final Counter COUNTER = amount -> {};
    private static final Timer TIMER = nanos -> {};

    private NoopMetrics() {}

    @Override
    public Counter counter(String name, String... tags) {
        return COUNTER;
    }

    @Override
    public Timer timer(String name, String... tags) {
        return TIMER;
    }

    @Override
    public void gauge(String name, DoubleSupplier value, String... tags) {}
}
