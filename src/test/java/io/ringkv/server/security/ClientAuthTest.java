package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node with API keys: every client request needs a key whose roles cover it. */
class ClientAuthTest {
    static final String READER = "reader-key-0123456789";
    static final String WRITER = "writer-key-0123456789";
    static final String ADMIN = "admin-key-01234567890";

    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(
                dataDir,
                "--ringkv.security.clients[0].name=reader",
                "--ringkv.security.clients[0].key=" + READER,
                "--ringkv.security.clients[0].roles=read:users,read:logs-*",
                "--ringkv.security.clients[1].name=writer",
                "--ringkv.security.clients[1].key=" + WRITER,
                "--ringkv.security.clients[1].roles=read:users,write:users",
                "--ringkv.security.clients[2].name=ops",
                "--ringkv.security.clients[2].key=" + ADMIN,
                "--ringkv.security.clients[2].roles=admin");
        assertThat(node.put("/v1/buckets/users/keys/alice", "text/plain", "a", auth(WRITER))
                        .status())
                .isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aClientWithoutAKeyIsUnauthenticated() throws Exception {
        Reply read = node.get("/v1/buckets/users/keys/alice");
        Reply write = node.put("/v1/buckets/users/keys/alice", "text/plain", "x");
        Reply unknown = node.get("/v1/buckets/users/keys/alice", auth("not-a-key-0123456789"));

        assertThat(read.status()).isEqualTo(401);
        assertThat(read.header("WWW-Authenticate")).startsWith("Bearer");
        assertThat(read.header("Content-Type")).startsWith("application/problem+json");
        assertThat(read.json().path("type").asString()).isEqualTo("urn:ringkv:problem:unauthenticated");
        assertThat(write.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(node.get("/v1/buckets/users/keys/alice", auth(ADMIN)).body()).isEqualTo("a");
    }

    @Test
    void aReaderReadsButDoesNotWrite() throws Exception {
        assertThat(node.get("/v1/buckets/users/keys/alice", auth(READER)).body())
                .isEqualTo("a");
        assertThat(node.get("/v1/buckets/logs-2026/keys/x", auth(READER)).status())
                .as("prefix")
                .isEqualTo(404);
        assertThat(node.get("/v1/buckets/secrets/keys/x", auth(READER)).status())
                .isEqualTo(403);

        Reply write = node.put("/v1/buckets/users/keys/alice", "text/plain", "overwritten", auth(READER));
        Reply delete = node.delete("/v1/buckets/users/keys/alice", auth(READER));

        assertThat(write.status()).as("%s", write).isEqualTo(403);
        assertThat(write.json().path("type").asString()).isEqualTo("urn:ringkv:problem:forbidden");
        assertThat(write.json().path("detail").asString()).contains("reader", "users");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(node.get("/v1/buckets/users/keys/alice", auth(READER)).body())
                .isEqualTo("a");
    }

    @Test
    void aWriterDoesNotChangeBucketPropsButAnAdminDoes() throws Exception {
        Reply writer = node.put("/v1/buckets/users/props", "application/json", "{\"n\":1}", auth(WRITER));
        assertThat(writer.status()).as("%s", writer).isEqualTo(403);
        assertThat(node.get("/v1/buckets/users/props", auth(WRITER))
                        .json()
                        .path("n")
                        .asInt())
                .isEqualTo(3);
        assertThat(node.get("/v1/admin/operations", auth(WRITER)).status()).isEqualTo(403);

        Reply admin = node.put("/v1/buckets/users/props", "application/json", "{\"n\":2}", auth(ADMIN));
        assertThat(admin.status()).as("%s", admin).isEqualTo(200);
        assertThat(node.get("/v1/buckets/users/props", auth(READER))
                        .json()
                        .path("n")
                        .asInt())
                .isEqualTo(2);
        assertThat(node.get("/v1/admin/operations", auth(ADMIN)).status()).isEqualTo(200);
        assertThat(node.get("/v1/cluster/ring", auth(READER)).status()).isEqualTo(200);
    }

    @Test
    void healthDetailsAreForAdminsWhileProbesAndScrapesStayOpen() throws Exception {
        Reply anonymous = node.get("/actuator/health");
        Reply reader = node.get("/actuator/health", auth(READER));
        Reply admin = node.get("/actuator/health", auth(ADMIN));

        assertThat(anonymous.status()).isEqualTo(200);
        assertThat(anonymous.json().has("components")).isFalse();
        assertThat(reader.json().has("components")).isFalse();
        assertThat(admin.json()
                        .path("components")
                        .path("storage")
                        .path("details")
                        .isMissingNode())
                .isFalse();
        assertThat(node.get("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(node.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(node.get("/actuator/prometheus").status()).isEqualTo(200);
        assertThat(node.get("/ping").status()).isEqualTo(200);
    }

    @Test
    void oddPathsNeedAnAdmin() throws Exception {
        assertThat(ClientAccess.of("GET", "/v1/buckets/logs-x/../users/keys/alice", true)
                        .need())
                .isEqualTo(ClientAccess.Need.ADMIN);
        assertThat(ClientAccess.of("GET", "/v1/buckets/logs-x/%2e%2e/users/keys/alice", true)
                        .need())
                .isEqualTo(ClientAccess.Need.ADMIN);
        assertThat(node.get("/v1/buckets/users;x=1/keys/alice", auth(READER)).status())
                .isEqualTo(403);
    }

    static String[] auth(String key) {
        return new String[] {"Authorization", "Bearer " + key};
    }
}
