package io.ringkv.server.security;

import io.ringkv.server.api.ProblemType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.jspecify.annotations.Nullable;

/**
 * Client authentication and roles, for the client API and Actuator.
 *
 * <p>With API keys configured, a request presents one as {@code Authorization: Bearer <key>}: none
 * or an unknown one where {@link ClientAccess} asks for a client is {@code 401 unauthenticated}
 * (with {@code WWW-Authenticate: Bearer}), a key whose roles do not cover the request is {@code 403
 * forbidden}.
 *
 * <p>Without keys (protected mode): loopback clients may do everything, as before; other clients
 * are refused {@code 403} unless {@code ringkv.security.allow-unauthenticated-clients} says the
 * node is open to the network. Probes, pings and (by setting) the metrics scrape stay open.
 *
 * <p>An admin (with keys: an admin key; without: a loopback client) is passed on as a principal in
 * role {@code ADMIN}, which is what Actuator's health details are shown to.
 */
final class ClientAuthFilter extends HttpFilter {
    static final String ADMIN_ROLE = "ADMIN";
    private static final String BEARER = "Bearer ";

    private final ClientKeys keys;
    private final boolean openToNetwork;
    private final boolean metricsOpen;
    private final Refusals refusals;

    ClientAuthFilter(ClientKeys keys, boolean openToNetwork, boolean metricsOpen, Refusals refusals) {
        this.keys = keys;
        this.openToNetwork = openToNetwork;
        this.metricsOpen = metricsOpen;
        this.refusals = refusals;
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        ClientAccess access = ClientAccess.of(request.getMethod(), request.getRequestURI(), metricsOpen);
        if (keys.isEmpty()) {
            if (Loopback.is(request.getRemoteAddr())) {
                chain.doFilter(as(request, "loopback", Roles.ALL), response);
            } else if (openToNetwork || access.need() == ClientAccess.Need.NONE) {
                chain.doFilter(request, response);
            } else {
                refusals.refused(
                        "not-loopback",
                        request.getRemoteAddr(),
                        "no client keys and ringkv.security.allow-unauthenticated-clients is false");
                ProblemResponses.write(
                        request,
                        response,
                        ProblemType.FORBIDDEN,
                        "this node has no client keys (ringkv.security.clients) and answers loopback clients only;"
                                + " set ringkv.security.allow-unauthenticated-clients=true to open it to the network");
            }
            return;
        }
        ClientKeys.Client client = client(request);
        if (client == null) {
            if (access.need() == ClientAccess.Need.NONE) {
                chain.doFilter(request, response);
                return;
            }
            boolean presented = request.getHeader("Authorization") != null;
            refusals.refused(presented ? "unknown-key" : "no-key", request.getRemoteAddr(), request.getRequestURI());
            response.setHeader("WWW-Authenticate", "Bearer realm=\"ringkv\"");
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.UNAUTHENTICATED,
                    presented
                            ? "the API key is not known to this node"
                            : "this request needs an API key: Authorization: Bearer <key>");
            return;
        }
        if (!access.allows(client.roles())) {
            refusals.refused("forbidden", request.getRemoteAddr(), client.name() + " " + request.getRequestURI());
            ProblemResponses.write(
                    request,
                    response,
                    ProblemType.FORBIDDEN,
                    "client '" + client.name() + "' may not " + describe(access));
            return;
        }
        chain.doFilter(as(request, client.name(), client.roles()), response);
    }

    private ClientKeys.@Nullable Client client(HttpServletRequest request) {
        String header = request.getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return null;
        }
        return keys.find(header.substring(BEARER.length()).trim());
    }

    private static String describe(ClientAccess access) {
        return switch (access.need()) {
            case READ -> "read bucket '" + access.bucket() + "'";
            case WRITE -> "write to bucket '" + access.bucket() + "'";
            default -> "do this: it needs the admin role";
        };
    }

    private static HttpServletRequest as(HttpServletRequest request, String name, Roles roles) {
        Principal principal = () -> name;
        return new HttpServletRequestWrapper(request) {
            @Override
            public Principal getUserPrincipal() {
                return principal;
            }

            @Override
            public String getRemoteUser() {
                return name;
            }

            @Override
            public boolean isUserInRole(String role) {
                return roles.admin() && ADMIN_ROLE.equals(role);
            }
        };
    }
}
