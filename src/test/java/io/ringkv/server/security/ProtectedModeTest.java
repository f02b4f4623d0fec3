package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.security.Principal;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Without client keys a node serves loopback clients only, unless told it is open to the network. */
class ProtectedModeTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void aClientOnAnotherMachineIsRefusedWithoutKeys() throws Exception {
        ClientAuthFilter filter = filter(false);

        MockHttpServletResponse response = run(filter, "10.0.0.7", "GET", "/v1/buckets/b/keys/k");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentAsString()).contains("allow-unauthenticated-clients");
        assertThat(run(filter, "10.0.0.7", "GET", "/actuator/health/readiness").getStatus())
                .as("probes stay open")
                .isEqualTo(200);
        assertThat(run(filter, "10.0.0.7", "GET", "/actuator/prometheus").getStatus())
                .isEqualTo(200);
    }

    @Test
    void loopbackClientsAreAdminsAndAnOpenNodeServesEveryone() throws Exception {
        AtomicReference<Principal> seen = new AtomicReference<>();
        MockHttpServletRequest request = new MockHttpServletRequest("PUT", "/v1/buckets/b/props");
        request.setRemoteAddr("127.0.0.1");
        filter(false).doFilter(request, new MockHttpServletResponse(), (req, res) -> {
            seen.set(((jakarta.servlet.http.HttpServletRequest) req).getUserPrincipal());
            assertThat(((jakarta.servlet.http.HttpServletRequest) req).isUserInRole("ADMIN"))
                    .isTrue();
        });
        assertThat(seen.get()).isNotNull();

        assertThat(run(filter(true), "10.0.0.7", "PUT", "/v1/buckets/b/keys/k").getStatus())
                .isEqualTo(200);
    }

    private ClientAuthFilter filter(boolean open) {
        return new ClientAuthFilter(ClientKeys.of(List.of()), open, true, new Refusals(registry, "client"));
    }

    private static MockHttpServletResponse run(ClientAuthFilter filter, String remote, String method, String path)
            throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest(method, path);
        request.setRemoteAddr(remote);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> ((MockHttpServletResponse) res).setStatus(200));
        return response;
    }
}
