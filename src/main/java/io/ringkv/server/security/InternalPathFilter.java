package io.ringkv.server.security;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/** Runs a filter on the internal plane's requests ({@code /internal/...}) only. */
final class InternalPathFilter extends HttpFilter {
    static final String PREFIX = "/internal/";
    private final Filter filter;

    InternalPathFilter(Filter filter) {
        this.filter = filter;
    }

    static boolean internal(HttpServletRequest request) {
        // The raw URI: "/internal/../v1" style paths are not normalised by Tomcat before filters
        // see them, so both the raw and the servlet path are checked.
        return request.getRequestURI().startsWith(PREFIX)
                || (request.getServletPath() != null && request.getServletPath().startsWith(PREFIX));
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (internal(request)) {
            filter.doFilter(request, response, chain);
        } else {
            chain.doFilter(request, response);
        }
    }
}
