package io.ringkv.server.security;

import io.ringkv.server.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bounds the bytes of internal request bodies in memory at once: a call reserves its Content-Length
 * (the body limit when it has none) before its body is read, and gives it back when it is answered.
 * A call that does not fit is answered {@code 503 overloaded} with {@code Retry-After: 1}; a call
 * larger than the whole budget still runs when it is the only one.
 */
final class InternalBodyBudget extends HttpFilter {
    private final long budget;
    private final long maxBodyBytes;
    private final AtomicLong reserved = new AtomicLong();

    InternalBodyBudget(long budget, long maxBodyBytes) {
        this.budget = budget;
        this.maxBodyBytes = maxBodyBytes;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long length = request.getContentLengthLong();
        long size = length < 0 ? maxBodyBytes : Math.min(length, maxBodyBytes + 1);
        if (!reserve(size)) {
            response.setHeader("Retry-After", "1");
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.OVERLOADED,
                    "internal request bodies in memory are at their bound (ringkv.bounds.internal-body-budget);"
                            + " retry shortly");
            return;
        }
        try {
            chain.doFilter(request, response);
        } finally {
            reserved.addAndGet(-size);
        }
    }

    private boolean reserve(long size) {
        while (true) {
            long now = reserved.get();
            if (now > 0 && now + size > budget) {
                return false;
            }
            if (reserved.compareAndSet(now, now + size)) {
                return true;
            }
        }
    }

    long reserved() {
        return reserved.get();
    }
}
