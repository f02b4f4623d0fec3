package io.ringkv.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import tools.jackson.databind.JsonNode;

/** The OpenAPI document describes every route the client API serves, with summaries and examples. */
class OpenApiDocumentTest {
    @TempDir
    static Path dataDir;

    static TestNode node;
    static JsonNode doc;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dataDir);
        doc = node.get("/v3/api-docs").json();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    /** Every (method, path) that a controller under /v1 answers. */
    private static List<String> servedRoutes() {
        RequestMappingHandlerMapping mapping =
                node.context().getBean("requestMappingHandlerMapping", RequestMappingHandlerMapping.class);
        List<String> routes = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            for (String path : info.getPatternValues()) {
                if (!path.startsWith("/v1/")) {
                    continue;
                }
                for (RequestMethod method : info.getMethodsCondition().getMethods()) {
                    routes.add(method.name().toLowerCase(Locale.ROOT) + " " + path);
                }
            }
        }
        return routes;
    }

    @Test
    void theDocumentIsOpenApi31() {
        assertThat(doc.path("openapi").asString()).startsWith("3.1");
        assertThat(doc.path("info").path("title").asString()).contains("ringkv");
    }

    @Test
    void everyServedRouteIsDocumentedWithASummaryAndASuccessResponse() {
        List<String> routes = servedRoutes();
        assertThat(routes).hasSizeGreaterThanOrEqualTo(7);
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            JsonNode op = doc.path("paths").path(path).path(method);
            assertThat(op.isObject()).as("%s is in /v3/api-docs", route).isTrue();
            assertThat(op.path("summary").asString())
                    .as("%s has a summary", route)
                    .isNotBlank();
            List<String> codes = new ArrayList<>();
            op.path("responses").propertyNames().forEach(codes::add);
            assertThat(codes).as("%s responses", route).anyMatch(c -> c.startsWith("2"));
            assertThat(codes).as("%s documents its problems", route).contains("4XX");
        }
    }

    @Test
    void theMainOperationsCarryExamples() {
        JsonNode get = doc.path("paths").path("/v1/buckets/{bucket}/keys/{key}").path("get");
        assertThat(get.path("responses")
                        .path("300")
                        .path("content")
                        .path("application/json")
                        .path("examples"))
                .as("siblings example")
                .isNotEmpty();
        JsonNode put = doc.path("paths").path("/v1/buckets/{bucket}/keys/{key}").path("put");
        assertThat(put.path("requestBody").path("content").path("*/*").path("examples"))
                .isNotEmpty();
        assertThat(put.path("responses").path("204").path("headers").has("X-Ringkv-Context"))
                .isTrue();
        JsonNode props = doc.path("paths").path("/v1/buckets/{bucket}/props").path("put");
        assertThat(props.path("requestBody")
                        .path("content")
                        .path("application/json")
                        .path("examples")
                        .size())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void swaggerUiIsServed() throws Exception {
        assertThat(node.get("/swagger-ui/index.html").status()).isEqualTo(200);
    }
}
