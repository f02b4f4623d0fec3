package io.ringkv.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringkv.port.Metrics;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class MicrometerMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final Metrics metrics = new MicrometerMetrics(registry);

    @Test
    void countersTimersAndGaugesReachTheRegistryWithTheirTags() {
        metrics.counter("ringkv.storage.writes", "engine", "a").increment(3);
        metrics.counter("ringkv.storage.writes", "engine", "a").increment();
        metrics.timer("ringkv.storage.commitlog.fsyncs").recordNanos(2_000_000);
        AtomicLong bytes = new AtomicLong(42);
        metrics.gauge("ringkv.storage.memtable.bytes", bytes::get);
        bytes.set(43);

        assertThat(registry.get("ringkv.storage.writes")
                        .tag("engine", "a")
                        .counter()
                        .count())
                .isEqualTo(4.0);
        assertThat(registry.get("ringkv.storage.commitlog.fsyncs").timer().count())
                .isEqualTo(1);
        assertThat(registry.get("ringkv.storage.commitlog.fsyncs").timer().totalTime(TimeUnit.MILLISECONDS))
                .isEqualTo(2.0);
        assertThat(registry.get("ringkv.storage.memtable.bytes").gauge().value())
                .isEqualTo(43.0);
    }
}
