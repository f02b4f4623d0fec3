package io.ringkv.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Times client operations into {@code ringkv.client.requests} (tags: operation, status), with a
 * percentile histogram so Prometheus can compute p50/p99 across nodes. Each operation and status
 * has one timer, looked up once and kept: a request records into it without building meter ids.
 */
final class ClientRequestMetrics {
    private final MeterRegistry registry;
    private final ConcurrentHashMap<String, Timer[]> timers = new ConcurrentHashMap<>();

    ClientRequestMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    void record(String operation, int status, long nanos) {
        timer(operation, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String operation, int status) {
        Timer[] byStatus = timers.computeIfAbsent(operation, op -> new Timer[600]);
        int slot = status >= 100 && status < 600 ? status : 0;
        Timer timer = byStatus[slot];
        if (timer == null) {
            // Racing threads register the same meter: the registry hands both the one instance.
            timer = Timer.builder("ringkv.client.requests")
                    .description("client requests by operation and status")
                    .tag("operation", operation)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry);
            byStatus[slot] = timer;
        }
        return timer;
    }
}
