package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.VersionVector;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Through a real node: a client write retried with the same {@code Idempotency-Key} is stored once,
 * and a node stopped cleanly keeps issuing its dots under the same name.
 */
class WriteIdentityApiTest {
    private static final String CONTEXT = "X-Ringkv-Context";

    @TempDir
    Path dataDir;

    @Test
    void aWriteRetriedWithTheSameIdempotencyKeyIsStoredOnce() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            String path = "/v1/buckets/b/keys/once";
            assertThat(node.put(path, "text/plain", "v", "Idempotency-Key", "order-17")
                            .status())
                    .isEqualTo(204);
            assertThat(node.put(path, "text/plain", "v", "Idempotency-Key", "order-17")
                            .status())
                    .isEqualTo(204);
            Reply once = node.get(path);
            assertThat(once.status()).as(once.toString()).isEqualTo(200);
            assertThat(once.body()).isEqualTo("v");

            // Without the key the same bytes written twice are two writes, so two siblings.
            String twice = "/v1/buckets/b/keys/twice";
            node.put(twice, "text/plain", "v");
            node.put(twice, "text/plain", "v");
            assertThat(node.get(twice).status()).isEqualTo(300);
        }
    }

    @Test
    void aMalformedIdempotencyKeyIsRefusedAsAProblem() throws Exception {
        try (TestNode node = TestNode.start(dataDir)) {
            Reply reply = node.put("/v1/buckets/b/keys/k", "text/plain", "v", "Idempotency-Key", "x".repeat(256));

            assertThat(reply.status()).isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:malformed-request");
            assertThat(node.get("/v1/buckets/b/keys/k").status()).isEqualTo(404);
        }
    }

    @Test
    void aCleanRestartKeepsTheNodesDotNameAndANewDirectoryGetsANewOne() throws Exception {
        String first;
        try (TestNode node = TestNode.start(dataDir)) {
            first = onlyActor(node.put("/v1/buckets/b/keys/k1", "text/plain", "v"));
        }
        try (TestNode node = TestNode.start(dataDir)) {
            assertThat(onlyActor(node.put("/v1/buckets/b/keys/k2", "text/plain", "v")))
                    .isEqualTo(first);
        }
        try (TestNode node = TestNode.start(dataDir.resolve("replaced"))) {
            assertThat(onlyActor(node.put("/v1/buckets/b/keys/k3", "text/plain", "v")))
                    .startsWith("test-node~")
                    .isNotEqualTo(first);
        }
    }

    private static String onlyActor(Reply put) throws Exception {
        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        VersionVector context = ContextCodec.decode(put.header(CONTEXT));
        assertThat(context.size()).isEqualTo(1);
        return context.entries().keySet().iterator().next();
    }
}
