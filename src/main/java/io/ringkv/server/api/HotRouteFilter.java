package io.ringkv.server.api;

import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.internal.InternalController;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Enumeration;
import java.util.List;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.util.UriUtils;

/**
 * Serves the request path's hottest routes without Spring MVC's dispatch: {@code GET}, {@code PUT}
 * and {@code DELETE} of {@code /v1/buckets/{bucket}/keys/{key}}, the replica route {@code POST
 * /internal/v1/replica}, and {@code GET /ping}. A profile of one node under reads put about 40 % of
 * its CPU in Spring MVC's handler lookup, argument resolution, interceptors and message conversion
 * (docs/benchmarks.md); here the path is split once and the same controller methods are called.
 *
 * <p>The answers are those Spring MVC gives: the same controller code, the cluster-ready check, the
 * client request timer, failures rendered by {@link ProblemHandler} and bodies other than bytes by
 * Spring's own message converters. What this filter does not recognise exactly (other methods,
 * {@code HEAD}, paths with matrix parameters, empty or malformed segments, bodies on reads above
 * the structured body limit) passes on to Spring MVC, which answers it as before. Replica requests
 * are timed into {@code ringkv.replica.requests} (Spring's {@code http.server.requests} does not
 * see the routes served here).
 */
final class HotRouteFilter extends HttpFilter {
    static final String PING_PATH = "/ping";
    private static final String KEYS_PREFIX = "/v1/buckets/";
    private static final String KEYS_INFIX = "/keys/";
    private static final byte[] PONG = "OK".getBytes(StandardCharsets.US_ASCII);

    private final KeysController keys;
    private final InternalController internal;
    private final ProblemHandler problems;
    private final ClusterMembership membership;
    private final RequestTimers metrics;
    private final RequestTimers replicaMetrics;
    private final Supplier<List<HttpMessageConverter<?>>> converters;

    HotRouteFilter(
            KeysController keys,
            InternalController internal,
            ProblemHandler problems,
            ClusterMembership membership,
            RequestTimers metrics,
            RequestTimers replicaMetrics,
            Supplier<List<HttpMessageConverter<?>>> converters) {
        this.keys = keys;
        this.internal = internal;
        this.problems = problems;
        this.membership = membership;
        this.metrics = metrics;
        this.replicaMetrics = replicaMetrics;
        this.converters = converters;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String uri = request.getRequestURI();
        String method = request.getMethod();
        if (uri.startsWith(KEYS_PREFIX)) {
            String[] bucketAndKey = bucketAndKey(uri);
            String operation = bucketAndKey == null ? null : operation(method, request);
            if (operation != null) {
                serveKey(operation, bucketAndKey[0], bucketAndKey[1], request, response);
                return;
            }
        } else if (uri.equals(OkHttpReplicaTransport.PATH) && method.equals("POST")) {
            long started = System.nanoTime();
            ResponseEntity<?> answer;
            try {
                answer = internal.replica(request);
            } catch (Exception e) {
                answer = problems.answer(e, request);
            }
            try {
                write(answer, response);
            } finally {
                replicaMetrics.record("replica", response.getStatus(), System.nanoTime() - started);
            }
            return;
        } else if (uri.equals(PING_PATH) && method.equals("GET")) {
            response.setContentType(MediaType.TEXT_PLAIN_VALUE);
            response.setContentLength(PONG.length);
            response.getOutputStream().write(PONG);
            return;
        }
        chain.doFilter(request, response);
    }

    private void serveKey(
            String operation, String bucket, String key, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        long started = System.nanoTime();
        ResponseEntity<?> answer;
        try {
            membership.requireView();
            answer = switch (operation) {
                case "get" -> keys.get(bucket, key, header(request, HttpHeaders.IF_NONE_MATCH), request);
                case "put" ->
                    keys.put(
                            bucket,
                            key,
                            parameter(request, "returnbody"),
                            parameter(request, "ttl"),
                            header(request, ObjectResponses.CONTEXT_HEADER),
                            header(request, HttpHeaders.IF_NONE_MATCH),
                            request);
                default -> keys.delete(bucket, key, header(request, ObjectResponses.CONTEXT_HEADER), request);
            };
        } catch (Exception e) {
            answer = problems.answer(e, request);
        }
        try {
            write(answer, response);
        } finally {
            metrics.record(operation, response.getStatus(), System.nanoTime() - started);
        }
    }

    /** The operation a key route's method names, or null to leave the request to Spring MVC. */
    private static @Nullable String operation(String method, HttpServletRequest request) {
        return switch (method) {
            case "PUT" -> "put";
            // A read or delete with a large body is refused by JsonBodyLimit in the MVC chain.
            case "GET" -> request.getContentLengthLong() <= JsonBodyLimit.MAX_BYTES ? "get" : null;
            case "DELETE" -> request.getContentLengthLong() <= JsonBodyLimit.MAX_BYTES ? "delete" : null;
            default -> null;
        };
    }

    /**
     * The decoded bucket and key of {@code /v1/buckets/{bucket}/keys/{key}}, or null when the path is
     * not exactly that (an extra or empty segment, matrix parameters, a malformed escape).
     */
    static String @Nullable [] bucketAndKey(String uri) {
        int bucketEnd = uri.indexOf('/', KEYS_PREFIX.length());
        if (bucketEnd <= KEYS_PREFIX.length() || !uri.startsWith(KEYS_INFIX, bucketEnd) || uri.indexOf(';') >= 0) {
            return null;
        }
        int keyStart = bucketEnd + KEYS_INFIX.length();
        if (keyStart == uri.length() || uri.indexOf('/', keyStart) >= 0) {
            return null;
        }
        try {
            return new String[] {
                UriUtils.decode(uri.substring(KEYS_PREFIX.length(), bucketEnd), StandardCharsets.UTF_8),
                UriUtils.decode(uri.substring(keyStart), StandardCharsets.UTF_8)
            };
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }

    /** A header as Spring MVC binds it to a String: its values joined by commas, or null. */
    private static @Nullable String header(HttpServletRequest request, String name) {
        Enumeration<String> values = request.getHeaders(name);
        if (values == null || !values.hasMoreElements()) {
            return null;
        }
        String first = values.nextElement();
        if (!values.hasMoreElements()) {
            return first;
        }
        StringBuilder joined = new StringBuilder(first);
        while (values.hasMoreElements()) {
            joined.append(',').append(values.nextElement());
        }
        return joined.toString();
    }

    /** A query parameter as Spring MVC binds it to a String: its values joined by commas, or null. */
    private static @Nullable String parameter(HttpServletRequest request, String name) {
        String[] values = request.getParameterValues(name);
        if (values == null) {
            return null;
        }
        return values.length == 1 ? values[0] : String.join(",", values);
    }

    private void write(ResponseEntity<?> answer, HttpServletResponse response) throws IOException {
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> {
            for (String value : values) {
                response.addHeader(name, value);
            }
        });
        Object body = answer.getBody();
        if (body == null) {
            return;
        }
        if (body instanceof byte[] bytes) {
            response.setContentLength(bytes.length);
            response.getOutputStream().write(bytes);
            return;
        }
        writeConverted(body, answer.getHeaders().getContentType(), response);
    }

    @SuppressWarnings("unchecked")
    private void writeConverted(Object body, @Nullable MediaType type, HttpServletResponse response)
            throws IOException {
        for (HttpMessageConverter<?> converter : converters.get()) {
            if (converter.canWrite(body.getClass(), type)) {
                ServletServerHttpResponse out = new ServletServerHttpResponse(response);
                ((HttpMessageConverter<Object>) converter).write(body, type, out);
                out.flush();
                return;
            }
        }
        throw new IllegalStateException(
                "no message converter writes " + body.getClass().getName() + " as " + type);
    }
}
