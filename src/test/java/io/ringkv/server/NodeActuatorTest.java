package io.ringkv.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A node started on a random port answers its health, info and metrics endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
// Closed after the class: a cached context would keep a node running on a deleted data directory.
@DirtiesContext
class NodeActuatorTest {
    @TempDir
    static Path dataDir;

    private static final OkHttpClient HTTP = new OkHttpClient();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void dataDir(DynamicPropertyRegistry registry) {
        registry.add("ringkv.data-dir", () -> dataDir.toString());
    }

    private Reply get(String path) throws IOException {
        Request request =
                new Request.Builder().url("http://localhost:" + port + path).build();
        try (Response response = HTTP.newCall(request).execute()) {
            return new Reply(response.code(), response.body().string());
        }
    }

    private record Reply(int status, String body) {
        JsonNode json() {
            return JsonMapper.builder().build().readTree(body);
        }
    }

    @Test
    void healthIsUpWithTheStorageComponentAndItsDetails() throws IOException {
        Reply reply = get("/actuator/health");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode health = reply.json();
        assertThat(health.path("status").asString()).isEqualTo("UP");
        JsonNode storage = health.path("components").path("storage");
        assertThat(storage.path("status").asString()).as(reply.body()).isEqualTo("UP");
        assertThat(storage.path("details").path("dataDir").asString()).isEqualTo(dataDir.toString());
        assertThat(storage.path("details").path("freeBytes").asLong()).isPositive();
        assertThat(storage.path("details").has("tableCount")).isTrue();
        assertThat(storage.path("details").has("tableBytes")).isTrue();
    }

    @Test
    void livenessIsUpAndLeavesStorageToReadiness() throws IOException {
        Reply reply = get("/actuator/health/liveness");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("UP");
        // a full disk should take the node out of rotation, not get it restarted
        assertThat(reply.json().path("components").has("storage"))
                .as(reply.body())
                .isFalse();
    }

    @Test
    void readinessIsUpAndIncludesStorage() throws IOException {
        Reply reply = get("/actuator/health/readiness");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("status").asString()).isEqualTo("UP");
        assertThat(reply.json()
                        .path("components")
                        .path("storage")
                        .path("status")
                        .asString())
                .as(reply.body())
                .isEqualTo("UP");
    }

    @Test
    void prometheusExposesStorageMetrics() throws IOException {
        Reply reply = get("/actuator/prometheus");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.body()).contains("ringkv_storage_writes_total", "ringkv_storage_sstables");
    }

    @Test
    void infoShowsTheBuild() throws IOException {
        Reply reply = get("/actuator/info");

        assertThat(reply.status()).isEqualTo(200);
        JsonNode build = reply.json().path("build");
        assertThat(build.path("artifact").asString()).as(reply.body()).isEqualTo("ringkv");
        assertThat(build.path("version").asString()).isEqualTo("0.1.0-SNAPSHOT");
        // git.properties is written only when the build runs in a git checkout
        if (getClass().getResource("/git.properties") != null) {
            assertThat(reply.json().path("git").path("commit").path("id").isMissingNode())
                    .as(reply.body())
                    .isFalse();
        }
    }

    @Test
    void endpointsBeyondHealthInfoAndPrometheusAreNotExposed() throws IOException {
        assertThat(get("/actuator/env").status()).isEqualTo(404);
    }
}
