package io.ringkv.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/**
 * Times every client operation into {@code ringkv.client.requests} (tags: operation, status), with a
 * percentile histogram so Prometheus can compute p50/p99 across nodes.
 */
final class ClientMetricsInterceptor implements HandlerInterceptor {
    private static final String STARTED = ClientMetricsInterceptor.class.getName() + ".started";

    private final MeterRegistry registry;

    ClientMetricsInterceptor(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler) {
        request.setAttribute(STARTED, System.nanoTime());
        return true;
    }

    @Override
    public void afterCompletion(
            HttpServletRequest request, HttpServletResponse response, Object handler, @Nullable Exception ex) {
        if (!(handler instanceof HandlerMethod method)) {
            return;
        }
        ClientOperation op = method.getMethodAnnotation(ClientOperation.class);
        Object started = request.getAttribute(STARTED);
        if (op == null || !(started instanceof Long t0)) {
            return;
        }
        Timer.builder("ringkv.client.requests")
                .description("client requests by operation and status")
                .tag("operation", op.value())
                .tag("status", Integer.toString(response.getStatus()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - t0, java.util.concurrent.TimeUnit.NANOSECONDS);
    }
}
