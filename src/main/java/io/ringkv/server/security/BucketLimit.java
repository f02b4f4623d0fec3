package io.ringkv.server.security;

import io.ringkv.replica.BucketCatalog;
import io.ringkv.server.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriUtils;

/**
 * A client request that would make this node know one bucket more than {@code
 * ringkv.bounds.max-buckets} (a write, delete or props change under {@code /v1/buckets/{bucket}/})
 * is refused with {@code 409 too-many-buckets} before it reaches the coordinator: every bucket name
 * is kept in memory and on disk for good. Buckets already known are served as before.
 */
final class BucketLimit extends HttpFilter {
    private static final String PREFIX = "/v1/buckets/";
    private final BucketCatalog catalog;
    private final int maxBuckets;

    BucketLimit(BucketCatalog catalog, int maxBuckets) {
        this.catalog = catalog;
        this.maxBuckets = maxBuckets;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String method = request.getMethod();
        if (!method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS")) {
            String bucket = bucket(request.getRequestURI());
            if (bucket != null && !catalog.isKnown(bucket) && catalog.count() >= maxBuckets) {
                ProblemResponses.write(
                        request,
                        response,
                        ProblemType.TOO_MANY_BUCKETS,
                        "this node knows " + maxBuckets + " buckets, its bound (ringkv.bounds.max-buckets);"
                                + " write to an existing bucket");
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** The decoded bucket of {@code /v1/buckets/{bucket}/...}, or null. */
    static @Nullable String bucket(String uri) {
        if (!uri.startsWith(PREFIX)) {
            return null;
        }
        int end = uri.indexOf('/', PREFIX.length());
        if (end <= PREFIX.length()) {
            return null;
        }
        String raw = uri.substring(PREFIX.length(), end);
        int semicolon = raw.indexOf(';');
        if (semicolon >= 0) {
            raw = raw.substring(0, semicolon);
        }
        try {
            return UriUtils.decode(raw, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException malformed) {
            return null;
        }
    }
}
