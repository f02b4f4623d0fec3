package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The client against a real node that takes client API keys (docs/security.md). */
class ApiKeyIT {
    private static final String ADMIN = "admin-key-0123456789";
    private static final String WRITER = "writer-key-0123456789";
    private static final String READER = "reader-key-0123456789";

    @TempDir
    static Path dir;

    private static NodeCluster cluster;

    @BeforeAll
    static void start() throws Exception {
        Assumptions.assumeTrue(
                NodeCluster.jar() != null,
                "-Dringkv.jar does not name the server jar (was '" + System.getProperty("ringkv.jar", "") + "')");
        cluster = new NodeCluster(
                dir,
                1,
                ADMIN,
                "--ringkv.security.clients[0].name=ops",
                "--ringkv.security.clients[0].key=" + ADMIN,
                "--ringkv.security.clients[0].roles=admin",
                "--ringkv.security.clients[1].name=app",
                "--ringkv.security.clients[1].key=" + WRITER,
                "--ringkv.security.clients[1].roles=read:app,write:app",
                "--ringkv.security.clients[2].name=report",
                "--ringkv.security.clients[2].key=" + READER,
                "--ringkv.security.clients[2].roles=read:*");
        cluster.awaitUp(Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static RingkvClient client(String key) {
        RingkvClient.Builder b =
                RingkvClient.builder().seeds(cluster.address(0)).refreshInterval(Duration.ZERO);
        return (key == null ? b : b.apiKey(key)).build();
    }

    @Test
    void aKeyWithTheRolesWritesAndReads() {
        try (RingkvClient writer = client(WRITER);
                RingkvClient reader = client(READER)) {
            writer.put("app", "k", "v".getBytes(StandardCharsets.UTF_8));
            assertEquals("v", writer.get("app", "k").value().valueAsString());
            assertEquals("v", reader.get("app", "k").value().valueAsString());
            assertEquals(1, writer.ring().members().size(), "the ring was read with the key");
        }
    }

    @Test
    void noKeyOrAnUnknownKeyIsUnauthenticated() {
        try (RingkvClient none = client(null);
                RingkvClient unknown = client("not-a-key-0123456789")) {
            RingkvProblemException.Unauthenticated a =
                    assertThrows(RingkvProblemException.Unauthenticated.class, () -> none.get("app", "k"));
            assertEquals(ProblemType.UNAUTHENTICATED, a.type());
            assertThrows(RingkvProblemException.Unauthenticated.class, () -> unknown.get("app", "k"));
            assertThrows(RingkvProblemException.Unauthenticated.class, () -> unknown.put("app", "k", new byte[] {1}));
        }
    }

    @Test
    void aKeyWithoutTheRoleIsForbiddenAndChangesNothing() {
        try (RingkvClient writer = client(WRITER);
                RingkvClient reader = client(READER)) {
            writer.put("app", "kept", "before".getBytes(StandardCharsets.UTF_8));
            RingkvProblemException.Forbidden f = assertThrows(
                    RingkvProblemException.Forbidden.class,
                    () -> reader.put("app", "kept", "after".getBytes(StandardCharsets.UTF_8)));
            assertEquals(ProblemType.FORBIDDEN, f.type());
            assertThrows(RingkvProblemException.Forbidden.class, () -> writer.get("other", "k"));
            assertEquals("before", reader.get("app", "kept").value().valueAsString());
        }
    }
}
