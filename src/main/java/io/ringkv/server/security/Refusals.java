package io.ringkv.server.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Requests refused for want of credentials or rights: counted in {@code ringkv.security.refused}
 * (tags {@code plane}: internal or client, {@code reason}) and logged once per source address (the
 * first 1024 sources; a flood from many addresses is only counted).
 */
final class Refusals {
    private static final Logger LOG = LoggerFactory.getLogger(Refusals.class);
    private static final int MAX_LOGGED_SOURCES = 1024;

    private final MeterRegistry registry;
    private final String plane;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Set<String> logged = ConcurrentHashMap.newKeySet();

    Refusals(MeterRegistry registry, String plane) {
        this.registry = registry;
        this.plane = plane;
    }

    void refused(String reason, String source, String detail) {
        counters.computeIfAbsent(reason, r -> Counter.builder("ringkv.security.refused")
                        .description("requests refused for want of credentials or rights")
                        .tag("plane", plane)
                        .tag("reason", r)
                        .register(registry))
                .increment();
        if (logged.size() < MAX_LOGGED_SOURCES && logged.add(source)) {
            LOG.warn(
                    "refused a {} request from {} ({}: {}); further refusals from it are only counted",
                    plane,
                    source,
                    reason,
                    detail);
        }
    }
}
