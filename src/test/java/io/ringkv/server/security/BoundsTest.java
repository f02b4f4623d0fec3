package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import io.ringkv.testing.Await;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

/** Every resource a request takes is bounded: buckets, requests at once, internal bodies. */
class BoundsTest {
    @TempDir
    Path dataDir;

    @Test
    void aWriteThatWouldMakeOneBucketTooManyIsRefused() throws Exception {
        try (TestNode node = TestNode.start(dataDir, "--ringkv.bounds.max-buckets=2")) {
            assertThat(node.put("/v1/buckets/b1/keys/k", "text/plain", "1").status())
                    .isEqualTo(204);
            assertThat(node.put("/v1/buckets/b2/keys/k", "text/plain", "2").status())
                    .isEqualTo(204);

            Reply third = node.put("/v1/buckets/b3/keys/k", "text/plain", "3");
            Reply props = node.put("/v1/buckets/b4/props", "application/json", "{\"n\":1}");
            Reply delete = node.delete("/v1/buckets/b5/keys/k");

            assertThat(third.status()).as("%s", third).isEqualTo(409);
            assertThat(third.json().path("type").asString()).isEqualTo("urn:ringkv:problem:too-many-buckets");
            assertThat(props.status()).isEqualTo(409);
            assertThat(delete.status()).isEqualTo(409);
            assertThat(node.get("/v1/buckets").body()).doesNotContain("b3", "b4", "b5");
            assertThat(node.put("/v1/buckets/b1/keys/other", "text/plain", "ok").status())
                    .isEqualTo(204);
            assertThat(node.get("/v1/buckets/b3/keys/k").status()).isEqualTo(404);
        }
    }

    @Test
    void aRequestPastTheConcurrencyBoundIsAnswered503WithRetryAfter() throws Exception {
        try (TestNode node = TestNode.start(dataDir, "--ringkv.bounds.max-client-requests=1")) {
            URI uri = URI.create(node.url(""));
            // A write whose body has not all arrived holds the one place. If another request of the
            // client plane held it at that moment, the slow write is
            // the one shed: it is then sent again on a new connection.
            Socket slow = null;
            AtomicReference<Reply> shed = new AtomicReference<>();
            for (int attempt = 0; attempt < 5 && shed.get() == null; attempt++) {
                if (slow != null) {
                    slow.close();
                }
                slow = new Socket(uri.getHost(), uri.getPort());
                OutputStream out = slow.getOutputStream();
                out.write(("PUT /v1/buckets/b/keys/slow HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\n"
                                + "Content-Length: 4\r\n\r\nab")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream answered = slow.getInputStream();
                Await.until("the slow write holds the only place, or was itself shed", 30, () -> {
                    if (answered.available() > 0) {
                        return true;
                    }
                    Reply reply = node.get("/v1/buckets/b/keys/other");
                    if (reply.status() == 503) {
                        shed.set(reply);
                    }
                    return shed.get() != null;
                });
            }
            try (Socket held = slow) {
                assertThat(shed.get()).as("a request past the bound was shed").isNotNull();
                assertThat(shed.get().header("Retry-After")).isEqualTo("1");
                assertThat(shed.get().json().path("type").asString()).isEqualTo("urn:ringkv:problem:overloaded");
                assertThat(node.get("/actuator/health/liveness").status())
                        .as("probes are not shed")
                        .isEqualTo(200);

                OutputStream out = held.getOutputStream();
                out.write("cd".getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = held.getInputStream();
                String status = new String(in.readNBytes(12), StandardCharsets.US_ASCII);
                assertThat(status).isEqualTo("HTTP/1.1 204");
            }
            assertThat(node.get("/v1/buckets/b/keys/slow").body()).isEqualTo("abcd");
            assertThat(node.get("/actuator/prometheus").body())
                    .contains("ringkv_requests_shed_total{plane=\"client\"}");
        }
    }

    @Test
    void anInternalBodyOverTheLimitIsRefusedUnread() throws Exception {
        try (TestNode node = TestNode.start(
                dataDir,
                TestNode.CLUSTER_SECRET_SETTING,
                "--ringkv.limits.max-value-size=1KB",
                "--ringkv.limits.object-max-size=1KB")) {
            byte[] big = new byte[(1 << 20) + 4096];
            Reply signed = TestNode.execute(
                    TestNode.signed(Forged.post(node, OkHttpReplicaTransport.PATH, ReplicaCodec.MEDIA_TYPE, big)));
            Reply unsigned = Forged.send(Forged.post(node, OkHttpReplicaTransport.PATH, ReplicaCodec.MEDIA_TYPE, big));

            assertThat(signed.status()).as("%s", signed).isEqualTo(413);
            assertThat(signed.json().path("type").asString()).isEqualTo("urn:ringkv:problem:body-too-large");
            assertThat(unsigned.status()).isEqualTo(401);
        }
    }

    @Test
    void internalBodiesInMemoryAtOnceAreBounded() throws Exception {
        InternalBodyBudget budget = new InternalBodyBudget(1000, 10_000);
        AtomicReference<MockHttpServletResponse> inner = new AtomicReference<>();
        MockHttpServletResponse outer = new MockHttpServletResponse();

        budget.doFilter(post(600), outer, (req, res) -> {
            MockHttpServletResponse second = new MockHttpServletResponse();
            budget.doFilter(post(600), second, (r, s) -> {
                throw new AssertionError("over the budget");
            });
            inner.set(second);
            MockHttpServletResponse small = new MockHttpServletResponse();
            budget.doFilter(post(400), small, (r, s) -> ((MockHttpServletResponse) s).setStatus(200));
            assertThat(small.getStatus()).isEqualTo(200);
        });

        assertThat(inner.get().getStatus()).isEqualTo(503);
        assertThat(inner.get().getHeader("Retry-After")).isEqualTo("1");
        assertThat(budget.reserved()).isZero();
        MockHttpServletResponse alone = new MockHttpServletResponse();
        budget.doFilter(post(5000), alone, (r, s) -> ((MockHttpServletResponse) s).setStatus(200));
        assertThat(alone.getStatus())
                .as("a call larger than the budget runs alone")
                .isEqualTo(200);
    }

    @Test
    void internalCallsAtOnceAreBounded() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        ConcurrencyLimit limit = new ConcurrencyLimit(1, "internal", "ringkv.bounds.max-internal-requests", registry);
        AtomicReference<MockHttpServletResponse> inner = new AtomicReference<>();

        limit.doFilter(post(0), new MockHttpServletResponse(), (req, res) -> {
            MockHttpServletResponse second = new MockHttpServletResponse();
            limit.doFilter(post(0), second, (r, s) -> {
                throw new AssertionError("over the bound");
            });
            inner.set(second);
        });

        assertThat(inner.get().getStatus()).isEqualTo(503);
        assertThat(registry.counter("ringkv.requests.shed", "plane", "internal").count())
                .isEqualTo(1);
        MockHttpServletResponse after = new MockHttpServletResponse();
        limit.doFilter(post(0), after, (r, s) -> ((MockHttpServletResponse) s).setStatus(200));
        assertThat(after.getStatus()).isEqualTo(200);
    }

    private static MockHttpServletRequest post(int length) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/internal/v1/replica");
        request.setContent(new byte[length]);
        return request;
    }
}
