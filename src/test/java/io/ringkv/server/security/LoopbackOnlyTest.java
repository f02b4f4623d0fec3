package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** A node without a cluster secret: its internal plane answers loopback clients only. */
class LoopbackOnlyTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final jakarta.servlet.Filter filter = Plane.INTERNAL.only(new InternalAuthFilter(
            null,
            () -> "localhost:8080",
            InternalAuthTest.SYSTEM,
            30_000,
            null,
            1 << 20,
            new Refusals(registry, "internal")));

    @Test
    void anInternalCallFromAnotherMachineIsRefusedWithoutASecret() throws Exception {
        MockHttpServletResponse response = run("10.1.2.3", "/internal/v1/replica");

        assertThat(response.getStatus()).isEqualTo(403);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        assertThat(response.getContentAsString()).contains("loopback only");
        assertThat(registry.counter("ringkv.security.refused", "plane", "internal", "reason", "not-loopback")
                        .count())
                .isEqualTo(1);
    }

    @Test
    void internalCallsFromLoopbackAndClientCallsFromAnywherePass() throws Exception {
        assertThat(passes("127.0.0.1", "/internal/v1/gossip")).isTrue();
        assertThat(passes("0:0:0:0:0:0:0:1", "/internal/v1/gossip")).isTrue();
        assertThat(passes("10.1.2.3", "/v1/buckets/b/keys/k")).isTrue();
        assertThat(passes("192.168.1.5", "/internal/v1/node")).isFalse();
        assertThat(passes("localhost.evil.example", "/internal/v1/node")).isFalse();
    }

    private boolean passes(String remote, String path) throws Exception {
        AtomicBoolean passed = new AtomicBoolean();
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setRemoteAddr(remote);
        filter.doFilter(request, new MockHttpServletResponse(), (req, res) -> passed.set(true));
        return passed.get();
    }

    private MockHttpServletResponse run(String remote, String path) throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", path);
        request.setRemoteAddr(remote);
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, (req, res) -> {
            throw new AssertionError("passed");
        });
        return response;
    }
}
