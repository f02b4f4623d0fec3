package io.ringkv.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Times requests into one timer name with tags operation and status, with a percentile histogram
 * so Prometheus can compute p50/p99 across nodes: {@code ringkv.client.requests} for client
 * operations, {@code ringkv.replica.requests} for the requests this node serves as a replica. Each
 * operation and status has one timer, looked up once and kept: a request records into it without
 * building meter ids.
 */
final class RequestTimers {
    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final ConcurrentHashMap<String, AtomicReferenceArray<Timer>> timers = new ConcurrentHashMap<>();

    RequestTimers(MeterRegistry registry, String name, String description) {
        this.registry = registry;
        this.name = name;
        this.description = description;
    }

    /** Client operations, timed from the request's arrival to its answer. */
    static RequestTimers client(MeterRegistry registry) {
        return new RequestTimers(registry, "ringkv.client.requests", "client requests by operation and status");
    }

    /**
     * Replica requests from coordinators (operation {@code replica}); registered at once, so the
     * series exists before the first request (a single node never gets one).
     */
    static RequestTimers replica(MeterRegistry registry) {
        RequestTimers timers = new RequestTimers(
                registry, "ringkv.replica.requests", "replica requests from other nodes' coordinators, by status");
        timers.timer("replica", 200);
        return timers;
    }

    void record(String operation, int status, long nanos) {
        timer(operation, status).record(nanos, TimeUnit.NANOSECONDS);
    }

    private Timer timer(String operation, int status) {
        AtomicReferenceArray<Timer> byStatus = timers.computeIfAbsent(operation, op -> new AtomicReferenceArray<>(600));
        int slot = status >= 100 && status < 600 ? status : 0;
        Timer timer = byStatus.get(slot);
        if (timer == null) {
            // Racing threads register the same meter: the registry hands both the one instance.
            timer = Timer.builder(name)
                    .description(description)
                    .tag("operation", operation)
                    .tag("status", Integer.toString(status))
                    .publishPercentileHistogram()
                    .register(registry);
            byStatus.set(slot, timer);
        }
        return timer;
    }
}
