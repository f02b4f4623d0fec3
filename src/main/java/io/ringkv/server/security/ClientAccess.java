package io.ringkv.server.security;

import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;
import org.springframework.web.util.UriUtils;

/**
 * What a client request needs, from its method and path: nothing (pings, the API document,
 * probes), any valid key (cluster views, the bucket list), read or write on a bucket, or admin.
 * A path this does not recognise needs admin.
 */
record ClientAccess(Need need, @Nullable String bucket) {
    enum Need {
        NONE,
        AUTHENTICATED,
        READ,
        WRITE,
        ADMIN
    }

    private static final String BUCKETS = "/v1/buckets";

    static ClientAccess of(String method, String uri, boolean metricsOpen) {
        boolean read = method.equals("GET") || method.equals("HEAD");
        if (uri.equals("/ping") || uri.startsWith("/v3/api-docs") || uri.startsWith("/swagger-ui")) {
            return new ClientAccess(Need.NONE, null);
        }
        if (uri.startsWith("/actuator")) {
            return switch (uri) {
                case "/actuator",
                        "/actuator/health",
                        "/actuator/health/liveness",
                        "/actuator/health/readiness",
                        "/actuator/info" -> new ClientAccess(read ? Need.NONE : Need.ADMIN, null);
                case "/actuator/prometheus" -> new ClientAccess(read && metricsOpen ? Need.NONE : Need.ADMIN, null);
                default -> new ClientAccess(Need.ADMIN, null);
            };
        }
        if (!uri.startsWith("/v1/") || oddPath(uri)) {
            // Paths outside the API are answered 404 by it; odd ones (dot segments, parameters) only for admins.
            return new ClientAccess(
                    uri.startsWith("/v1") || uri.startsWith("/internal") ? Need.ADMIN : Need.NONE, null);
        }
        if (uri.equals(BUCKETS) || uri.equals(BUCKETS + "/")) {
            return new ClientAccess(read ? Need.AUTHENTICATED : Need.ADMIN, null);
        }
        if (uri.startsWith(BUCKETS + "/")) {
            int end = uri.indexOf('/', BUCKETS.length() + 1);
            String rest = end < 0 ? "" : uri.substring(end);
            String bucket;
            try {
                bucket = UriUtils.decode(
                        uri.substring(BUCKETS.length() + 1, end < 0 ? uri.length() : end), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException malformed) {
                return new ClientAccess(Need.ADMIN, null);
            }
            if (rest.equals("/keys") || rest.startsWith("/keys/")) {
                return new ClientAccess(read ? Need.READ : Need.WRITE, bucket);
            }
            if (rest.equals("/props")) {
                return read ? new ClientAccess(Need.READ, bucket) : new ClientAccess(Need.ADMIN, bucket);
            }
            return new ClientAccess(Need.ADMIN, bucket);
        }
        if (uri.startsWith("/v1/cluster/") && read) {
            return new ClientAccess(Need.AUTHENTICATED, null);
        }
        return new ClientAccess(Need.ADMIN, null);
    }

    private static boolean oddPath(String uri) {
        return uri.contains("/./")
                || uri.contains("/../")
                || uri.endsWith("/.")
                || uri.endsWith("/..")
                || uri.indexOf(';') >= 0
                || uri.contains("//")
                || uri.contains("%2e")
                || uri.contains("%2E");
    }

    boolean allows(Roles roles) {
        return switch (need) {
            case NONE, AUTHENTICATED -> true;
            case READ -> roles.mayRead(bucket);
            case WRITE -> roles.mayWrite(bucket);
            case ADMIN -> roles.admin();
        };
    }
}
