package io.ringkv.server.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Which part of a node a request is for: another node's call, Actuator, or the client API. */
enum Plane {
    INTERNAL,
    MANAGEMENT,
    CLIENT;

    static final String INTERNAL_PREFIX = "/internal/";
    static final String MANAGEMENT_PREFIX = "/actuator";

    static Plane of(HttpServletRequest request) {
        // Both the raw URI and the servlet path (decoded, normalised, without path parameters):
        // "/v1/../internal/..." or "/%69nternal/..." must not pass for another plane.
        String uri = request.getRequestURI();
        String path = request.getServletPath();
        if (uri.startsWith(INTERNAL_PREFIX) || (path != null && path.startsWith(INTERNAL_PREFIX))) {
            return INTERNAL;
        }
        if (startsWith(uri, MANAGEMENT_PREFIX)
                && (path == null || path.isEmpty() || startsWith(path, MANAGEMENT_PREFIX))) {
            return MANAGEMENT;
        }
        return CLIENT;
    }

    private static boolean startsWith(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    /** Runs {@code filter} on requests of the client API and Actuator, not on internal calls. */
    static Filter external(Filter filter) {
        return new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                if (of(request) != INTERNAL) {
                    filter.doFilter(request, response, chain);
                } else {
                    chain.doFilter(request, response);
                }
            }
        };
    }

    /** Runs {@code filter} on this plane's requests only. */
    Filter only(Filter filter) {
        Plane plane = this;
        return new HttpFilter() {
            @Override
            protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws IOException, ServletException {
                if (of(request) == plane) {
                    filter.doFilter(request, response, chain);
                } else {
                    chain.doFilter(request, response);
                }
            }
        };
    }
}
