package io.ringkv.server.internal;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.port.Clock;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Internal messages from an authenticated member that do not decode (a replica, repair or bucket
 * props body): counted in {@code ringkv.internal.rejected} (tags {@code route}, {@code reason}) and
 * logged at most once per source, route and reason a minute, saying how many more were refused
 * since the last line. At most {@value #MAX_LOGGED_SOURCES} combinations are remembered; past that
 * a rejection is only counted.
 */
@Component
public class InternalRejections {
    static final long LOG_INTERVAL_MILLIS = 60_000;
    static final int MAX_LOGGED_SOURCES = 1024;
    private static final Logger LOG = LoggerFactory.getLogger(InternalRejections.class);

    private final MeterRegistry registry;
    private final Clock clock;
    private final Map<String, Counter> counters = new ConcurrentHashMap<>();
    private final Map<String, LastLine> lines = new ConcurrentHashMap<>();

    public InternalRejections(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        this.clock = clock;
    }

    /**
     * Counts one rejected message and logs it unless this source was logged for it within a minute;
     * true when it was logged.
     */
    public boolean rejected(String route, String reason, String source, String detail) {
        counters.computeIfAbsent(route + '\n' + reason, k -> Counter.builder("ringkv.internal.rejected")
                        .description("internal messages refused because they do not decode")
                        .tag("route", route)
                        .tag("reason", reason)
                        .register(registry))
                .increment();
        long now = clock.millis();
        String key = source + '\n' + route + '\n' + reason;
        if (!lines.containsKey(key) && lines.size() >= MAX_LOGGED_SOURCES) {
            lines.values().removeIf(line -> now - line.loggedAt >= LOG_INTERVAL_MILLIS);
            if (lines.size() >= MAX_LOGGED_SOURCES) {
                return false;
            }
        }
        long[] suppressed = {-1};
        lines.compute(key, (k, line) -> {
            if (line == null || now - line.loggedAt >= LOG_INTERVAL_MILLIS) {
                suppressed[0] = line == null ? 0 : line.suppressed;
                return new LastLine(now, 0);
            }
            return new LastLine(line.loggedAt, line.suppressed + 1);
        });
        if (suppressed[0] >= 0) {
            LOG.warn(
                    "refused a malformed {} message from {} ({}: {}){}; more from it within a minute are only counted",
                    route,
                    source,
                    reason,
                    detail,
                    suppressed[0] == 0 ? "" : ", " + suppressed[0] + " more since the last line");
            return true;
        }
        return false;
    }

    private record LastLine(long loggedAt, long suppressed) {}
}
