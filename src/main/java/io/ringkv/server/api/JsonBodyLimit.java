package io.ringkv.server.api;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Bounds the bodies of the API's structured requests (bucket props): at most {@link #MAX_BYTES},
 * refused from Content-Length at once, or while reading a body sent without one. Values have their
 * own, larger limit, enforced by {@link RequestRules#value}.
 */
@Component
public class JsonBodyLimit extends OncePerRequestFilter {
    /** The largest structured request body: far above any valid props document. */
    public static final int MAX_BYTES = 64 * 1024;

    private final ProblemHandler problems;
    private final tools.jackson.databind.json.JsonMapper json =
            tools.jackson.databind.json.JsonMapper.builder().build();

    public JsonBodyLimit(ProblemHandler problems) {
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String path = request.getRequestURI();
        boolean valueWrite = HttpMethod.PUT.matches(request.getMethod()) && path.contains("/keys/");
        return !path.startsWith("/v1/") || valueWrite;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            var problem = problems.problem(
                    ProblemType.BODY_TOO_LARGE,
                    "the request body declares " + request.getContentLengthLong() + " bytes, above the limit of "
                            + MAX_BYTES,
                    request.getRequestURI());
            response.setStatus(problem.getStatusCode().value());
            response.setContentType("application/problem+json");
            json.writeValue(response.getOutputStream(), problem.getBody());
            return;
        }
        chain.doFilter(new Bounded(request), response);
    }

    /** Raised when a body sent without Content-Length turns out to be too large. */
    static final class BodyTooLargeException extends IOException {
        BodyTooLargeException() {
            super("the request body is more than " + MAX_BYTES + " bytes", null);
        }
    }

    private static final class Bounded extends HttpServletRequestWrapper {
        Bounded(HttpServletRequest request) {
            super(request);
        }

        @Override
        public ServletInputStream getInputStream() throws IOException {
            ServletInputStream in = super.getInputStream();
            return new ServletInputStream() {
                private long read;

                @Override
                public int read() throws IOException {
                    int b = in.read();
                    if (b >= 0) {
                        count(1);
                    }
                    return b;
                }

                @Override
                public int read(byte[] buf, int off, int len) throws IOException {
                    int n = in.read(buf, off, len);
                    if (n > 0) {
                        count(n);
                    }
                    return n;
                }

                private void count(int n) throws IOException {
                    read += n;
                    if (read > MAX_BYTES) {
                        throw new BodyTooLargeException();
                    }
                }

                @Override
                public boolean isFinished() {
                    return in.isFinished();
                }

                @Override
                public boolean isReady() {
                    return in.isReady();
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    in.setReadListener(listener);
                }
            };
        }
    }
}
