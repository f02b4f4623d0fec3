package io.ringkv.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.ringkv.port.Metrics;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/** The {@link Metrics} port onto a Micrometer registry. */
public final class MicrometerMetrics implements Metrics {
    private final MeterRegistry registry;

    public MicrometerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Counter counter(String name, String... tags) {
        io.micrometer.core.instrument.Counter counter = registry.counter(name, Tags.of(tags));
        return counter::increment;
    }

    @Override
    public Timer timer(String name, String... tags) {
        io.micrometer.core.instrument.Timer timer = io.micrometer.core.instrument.Timer.builder(name)
                .tags(Tags.of(tags))
                .publishPercentileHistogram()
                .register(registry);
        return nanos -> timer.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void gauge(String name, DoubleSupplier value, String... tags) {
        io.micrometer.core.instrument.Gauge.builder(name, value::getAsDouble)
                .tags(Tags.of(tags))
                .register(registry);
    }
}
