package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.BufferedSink;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every kind of bad request gets a problem+json answer with its own type and a detail naming the
 * bad input, and none of them changes what is stored.
 */
class ApiErrorsTest {
    private static final String KEY = "/v1/buckets/safe/keys/k";

    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir, "--ringkv.limits.max-value-size=64KB");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @BeforeEach
    void storeAKnownValue() throws IOException {
        Reply current = node.get(KEY);
        String context = current.header("X-Ringkv-Context");
        if (context == null) {
            node.put(KEY, "text/plain", "original");
        } else {
            node.put(KEY, "text/plain", "original", "X-Ringkv-Context", context);
        }
    }

    private static void assertProblem(Reply reply, int status, String type, String detailMentions) throws IOException {
        assertThat(reply.status()).as(reply.toString()).isEqualTo(status);
        assertThat(reply.header("Content-Type")).as(reply.toString()).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:" + type);
        assertThat(reply.json().path("status").asInt()).isEqualTo(status);
        assertThat(reply.json().path("detail").asString()).contains(detailMentions);
        assertThat(reply.body()).doesNotContain("at io.ringkv", "Exception:");
        Reply stored = node.get(KEY);
        assertThat(stored.status()).isEqualTo(200);
        assertThat(stored.body()).isEqualTo("original");
    }

    /** A body sent without Content-Length (chunked), so the server learns its size only by reading. */
    private static RequestBody chunked(String contentType, byte[] bytes) {
        return new RequestBody() {
            @Override
            public MediaType contentType() {
                return MediaType.get(contentType);
            }

            @Override
            public long contentLength() {
                return -1;
            }

            @Override
            public void writeTo(BufferedSink sink) throws IOException {
                sink.write(bytes);
            }
        };
    }

    @Test
    void anInvalidBucketNameIsRefused() throws IOException {
        assertProblem(
                node.put("/v1/buckets/bad%20name/keys/k", "text/plain", "x"), 400, "invalid-bucket-name", "bad name");
        assertProblem(
                node.put("/v1/buckets/" + "b".repeat(65) + "/keys/k", "text/plain", "x"),
                400,
                "invalid-bucket-name",
                "does not match");
        assertProblem(node.get("/v1/buckets/.hidden/props"), 400, "invalid-bucket-name", ".hidden");
    }

    @Test
    void anOversizedKeyIsRefused() throws IOException {
        assertProblem(
                node.put("/v1/buckets/safe/keys/" + "k".repeat(1025), "text/plain", "x"),
                400,
                "invalid-key",
                "1025 bytes");
        assertProblem(node.get("/v1/buckets/safe/keys/" + "%C3%A9".repeat(513)), 400, "invalid-key", "1026 bytes");
    }

    @Test
    void anOversizedValueIsRefusedFromItsContentLength() throws IOException {
        Reply reply = node.put(KEY, "text/plain", new byte[64 * 1024 + 1]);
        assertProblem(reply, 413, "value-too-large", "65537");
    }

    @Test
    void anOversizedStreamedValueIsRefusedWhileReading() throws IOException {
        RequestBody chunked = chunked("application/octet-stream", new byte[9 * 8192]);
        Reply reply = TestNode.execute(
                new Request.Builder().url(node.url(KEY)).put(chunked).build());
        assertProblem(reply, 413, "value-too-large", "more than 65536 bytes");
    }

    @Test
    void aValueAtTheLimitIsAccepted() throws IOException {
        assertThat(node.put("/v1/buckets/safe/keys/at-limit", "application/octet-stream", new byte[64 * 1024])
                        .status())
                .isEqualTo(204);
        assertThat(node.get("/v1/buckets/safe/keys/at-limit").bytes()).hasSize(64 * 1024);
    }

    @Test
    void aMalformedContextIsRefused() throws IOException {
        assertProblem(
                node.put(KEY, "text/plain", "changed", "X-Ringkv-Context", "not a context!"),
                400,
                "invalid-context",
                "X-Ringkv-Context");
        assertProblem(
                node.put(KEY, "text/plain", "changed", "X-Ringkv-Context", "AAAAAAAA"),
                400,
                "invalid-context",
                "X-Ringkv-Context");
        assertProblem(node.delete(KEY, "X-Ringkv-Context", "%%%"), 400, "invalid-context", "X-Ringkv-Context");
    }

    @Test
    void badParametersAreRefused() throws IOException {
        assertProblem(node.put(KEY + "?ttl=soon", "text/plain", "x"), 400, "invalid-parameter", "ttl");
        assertProblem(node.put(KEY + "?ttl=0", "text/plain", "x"), 400, "invalid-parameter", "ttl");
        assertProblem(node.put(KEY + "?returnbody=maybe", "text/plain", "x"), 400, "invalid-parameter", "returnbody");
        assertProblem(
                node.put(KEY, "text/plain", "x", "If-None-Match", "\"abc\""),
                400,
                "invalid-parameter",
                "If-None-Match");
        assertProblem(node.get("/v1/buckets/safe/keys?limit=0"), 400, "invalid-parameter", "limit");
        assertProblem(node.get("/v1/buckets/safe/keys?limit=100000"), 400, "invalid-parameter", "limit");
        assertProblem(node.get("/v1/buckets/safe/keys?cursor=bogus"), 400, "invalid-cursor", "cursor");
    }

    @Test
    void aBadContentTypeIsRefused() throws IOException {
        Request request = new Request.Builder()
                .url(node.url(KEY))
                .header("Content-Type", "not a type")
                .put(RequestBody.create(new byte[] {1}))
                .build();
        assertProblem(TestNode.execute(request), 415, "unsupported-media-type", "not a type");
        assertProblem(node.put(KEY, "text/*", "x"), 415, "unsupported-media-type", "concrete");
    }

    @Test
    void unknownRoutesAndMethodsAreProblems() throws IOException {
        assertProblem(node.get("/v1/nothing-here"), 404, "no-such-route", "/v1");
        assertProblem(node.call("POST", KEY, "text/plain", new byte[] {1}), 405, "method-not-allowed", "POST");
        assertProblem(
                node.call("PATCH", "/v1/buckets", "text/plain", new byte[] {1}), 405, "method-not-allowed", "PATCH");
    }

    @Test
    void invalidBucketPropsAreRefusedNamingTheProperty() throws IOException {
        String props = "/v1/buckets/safe/props";
        assertProblem(
                node.put(props, "application/json", "{\"n\":3,\"r\":4}"),
                400,
                "invalid-bucket-props",
                "r must be between 1 and n (3)");
        assertProblem(node.put(props, "application/json", "{\"n\":0}"), 400, "invalid-bucket-props", "n must be");
        assertProblem(node.put(props, "application/json", "{\"w\":\"most\"}"), 400, "invalid-bucket-props", "most");
        assertProblem(
                node.put(props, "application/json", "{\"conflictResolution\":\"newest\"}"),
                400,
                "invalid-bucket-props",
                "newest");
        assertProblem(
                node.put(props, "application/json", "{\"defaultTtl\":-1}"), 400, "invalid-bucket-props", "defaultTtl");
        assertProblem(
                node.put(props, "application/json", "{\"readRepair\":\"later\"}"),
                400,
                "invalid-bucket-props",
                "readRepair");
        assertProblem(node.put(props, "application/json", "{\"nval\":3}"), 400, "malformed-request", "nval");
        assertProblem(node.put(props, "application/json", "{\"n\":"), 400, "malformed-request", "JSON");
        assertProblem(node.put(props, "text/plain", "n=3"), 415, "unsupported-media-type", "text/plain");
        assertThat(node.get(props).json().path("r").asString()).isEqualTo("quorum");
    }

    @Test
    void anOversizedPropsBodyIsRefusedDeclaredOrStreamed() throws IOException {
        String big = "{\"n\":3,\"conflictResolution\":\"" + "x".repeat(70_000) + "\"}";
        assertProblem(node.put("/v1/buckets/safe/props", "application/json", big), 413, "body-too-large", "65536");
        RequestBody chunked = chunked("application/json", big.getBytes(StandardCharsets.UTF_8));
        Reply streamed = TestNode.execute(new Request.Builder()
                .url(node.url("/v1/buckets/safe/props"))
                .put(chunked)
                .build());
        assertProblem(streamed, 413, "body-too-large", "65536");
        assertThat(node.get("/v1/buckets/safe/props")
                        .json()
                        .path("conflictResolution")
                        .asString())
                .isEqualTo("siblings");
    }

    @Test
    void tooLargeHeadersAreRefused() throws IOException {
        Reply reply = node.get(KEY, "X-Padding", "p".repeat(20_000));
        assertProblem(reply, 431, "headers-too-large", "server.max-http-request-header-size");
    }

    @Test
    void aMalformedUriRefusedByTheWebServerIsAProblemToo() throws IOException {
        String port = node.url("").substring(node.url("").lastIndexOf(':') + 1);
        try (Socket socket = new Socket("localhost", Integer.parseInt(port))) {
            socket.getOutputStream()
                    .write("GET /v1/buckets/b/keys/%zz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.US_ASCII));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(response).startsWith("HTTP/1.1 400");
            assertThat(response).contains("Content-Type: application/problem+json");
            assertThat(response).contains("urn:ringkv:problem:malformed-request", "Invalid URI");
            assertThat(response).doesNotContain("<html", "at org.apache");
        }
    }
}
