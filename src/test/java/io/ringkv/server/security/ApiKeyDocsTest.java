package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The OpenAPI document declares the API-key scheme and, per operation, the roles a key needs; and
 * what it declares is what a node with keys does: the declared role passes the gate, a key without
 * it does not, and an operation declared open needs no key.
 */
class ApiKeyDocsTest {
    private static final String READ = "reader-key-0123456789";
    private static final String WRITE = "writer-key-0123456789";
    private static final String ADMIN = "admin-key-01234567890";
    private static final String OTHER = "other-key-012345678901";
    private static final Map<String, String> KEY_OF_ROLE =
            Map.of("read:{bucket}", READ, "write:{bucket}", WRITE, "admin", ADMIN);

    @TempDir
    static Path dataDir;

    static TestNode node;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(
                dataDir,
                "--ringkv.security.clients[0].name=reader",
                "--ringkv.security.clients[0].key=" + READ,
                "--ringkv.security.clients[0].roles=read:b",
                "--ringkv.security.clients[1].name=writer",
                "--ringkv.security.clients[1].key=" + WRITE,
                "--ringkv.security.clients[1].roles=write:b",
                "--ringkv.security.clients[2].name=ops",
                "--ringkv.security.clients[2].key=" + ADMIN,
                "--ringkv.security.clients[2].roles=admin",
                "--ringkv.security.clients[3].name=other",
                "--ringkv.security.clients[3].key=" + OTHER,
                "--ringkv.security.clients[3].roles=read:elsewhere,write:elsewhere");
        doc = node.get("/v3/api-docs").json();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theDocumentDeclaresTheBearerKeyScheme() {
        JsonNode scheme = doc.path("components").path("securitySchemes").path(ApiKeyDocs.SCHEME);
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.path("security").get(0).has(ApiKeyDocs.SCHEME)).isTrue();
    }

    @Test
    void eachOperationNamesTheRolesItNeeds() {
        assertThat(roles("get", "/v1/buckets/{bucket}/keys/{key}")).containsExactly("read:{bucket}");
        assertThat(roles("put", "/v1/buckets/{bucket}/keys/{key}")).containsExactly("write:{bucket}");
        assertThat(roles("delete", "/v1/buckets/{bucket}/keys/{key}")).containsExactly("write:{bucket}");
        assertThat(roles("get", "/v1/buckets/{bucket}/props")).containsExactly("read:{bucket}");
        assertThat(roles("put", "/v1/buckets/{bucket}/props")).containsExactly("admin");
        assertThat(roles("post", "/v1/admin/repair")).containsExactly("admin");
        assertThat(roles("get", "/v1/cluster/ring")).as("any valid key").isEmpty();
        assertThat(roles("get", "/v1/buckets")).as("any valid key").isEmpty();
    }

    @Test
    void whatTheDocumentDeclaresIsWhatTheGateDoes() throws Exception {
        List<String> checked = new ArrayList<>();
        for (Map.Entry<String, JsonNode> path : doc.path("paths").properties()) {
            for (Map.Entry<String, JsonNode> operation : path.getValue().properties()) {
                String method = operation.getKey().toUpperCase(Locale.ROOT);
                String route = path.getKey();
                JsonNode security = operation.getValue().path("security");
                assertThat(security.isArray())
                        .as("%s %s declares its security", method, route)
                        .isTrue();
                if (security.isEmpty()) {
                    assertThat(status(method, route, null))
                            .as("%s %s is open", method, route)
                            .isNotIn(401, 403);
                    checked.add(method + " " + route + " open");
                    continue;
                }
                assertThat(status(method, route, null))
                        .as("%s %s without a key", method, route)
                        .isEqualTo(401);
                List<String> roles = new ArrayList<>();
                security.get(0).path(ApiKeyDocs.SCHEME).forEach(role -> roles.add(role.asString()));
                if (roles.isEmpty()) {
                    assertThat(status(method, route, OTHER))
                            .as("%s %s, any key", method, route)
                            .isNotIn(401, 403);
                } else {
                    String role = roles.get(0);
                    assertThat(KEY_OF_ROLE).as("a role the document names").containsKey(role);
                    assertThat(status(method, route, KEY_OF_ROLE.get(role)))
                            .as("%s %s with a key of %s", method, route, role)
                            .isNotIn(401, 403);
                    for (Map.Entry<String, String> other : KEY_OF_ROLE.entrySet()) {
                        if (!other.getKey().equals(role) && !other.getKey().equals("admin")) {
                            assertThat(status(method, route, other.getValue()))
                                    .as("%s %s with a key of %s only", method, route, other.getKey())
                                    .isEqualTo(403);
                        }
                    }
                    assertThat(status(method, route, OTHER))
                            .as("%s %s, other buckets' key", method, route)
                            .isEqualTo(403);
                }
                checked.add(method + " " + route + " " + roles);
            }
        }
        assertThat(checked).hasSizeGreaterThanOrEqualTo(10);
    }

    private static List<String> roles(String method, String path) {
        JsonNode security = doc.path("paths").path(path).path(method).path("security");
        assertThat(security.size()).as("%s %s", method, path).isEqualTo(1);
        List<String> roles = new ArrayList<>();
        security.get(0).path(ApiKeyDocs.SCHEME).forEach(role -> roles.add(role.asString()));
        return roles;
    }

    private static int status(String method, String route, String key) throws Exception {
        String path = route.replace("{bucket}", "b").replace("{key}", "k").replaceAll("\\{[^}]+}", "x");
        byte[] body = method.equals("GET") || method.equals("DELETE") || method.equals("HEAD")
                ? null
                : "{}".getBytes(StandardCharsets.UTF_8);
        Reply reply = key == null
                ? node.call(method, path, "application/json", body)
                : node.call(method, path, "application/json", body, "Authorization", "Bearer " + key);
        return reply.status();
    }
}
