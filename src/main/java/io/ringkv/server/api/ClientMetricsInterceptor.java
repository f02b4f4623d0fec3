package io.ringkv.server.api;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;

/** Times every client operation served through Spring MVC into {@link RequestTimers}. */
final class ClientMetricsInterceptor implements HandlerInterceptor {
    private static final String STARTED = ClientMetricsInterceptor.class.getName() + ".started";

    private final RequestTimers metrics;

    ClientMetricsInterceptor(RequestTimers metrics) {
        this.metrics = metrics;
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
        metrics.record(op.value(), response.getStatus(), System.nanoTime() - t0);
    }
}
