package io.ringkv.server.security;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.server.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * At most a configured number of requests of one plane (client or internal) served at once; the
 * next one is answered {@code 503 overloaded} with {@code Retry-After: 1} at once, never queued.
 * Counted in {@code ringkv.requests.shed{plane}}. Health probes and metrics scrapes are not
 * requests of either plane and are never shed.
 */
final class ConcurrencyLimit extends HttpFilter {
    private final Semaphore permits;
    private final int limit;
    private final String setting;
    private final Counter shed;

    ConcurrencyLimit(int limit, String plane, String setting, MeterRegistry registry) {
        this.permits = new Semaphore(limit);
        this.limit = limit;
        this.setting = setting;
        this.shed = Counter.builder("ringkv.requests.shed")
                .description("requests answered 503 because the node already served its limit of them at once")
                .tag("plane", plane)
                .register(registry);
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (!permits.tryAcquire()) {
            shed.increment();
            response.setHeader("Retry-After", "1");
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.OVERLOADED,
                    "this node is serving " + limit + " requests already (" + setting + "); retry shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            permits.release();
        }
    }
}
