package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.json.JsonMapper;

/**
 * docs/openapi.yaml is the document a node serves at /v3/api-docs (compared as data, so formatting
 * and key order do not matter), every reference in it resolves, and every operation has a summary,
 * its problem responses and an example. (.ci/run lints the served document with redocly.)
 *
 * <p>After an API change, regenerate the file with
 * {@code ./mvnw test -Dtest=OpenApiFileTest -Dringkv.openapi.write=true}.
 */
class OpenApiFileTest {
    static final Path FILE = Path.of("docs/openapi.yaml");
    private static final List<String> METHODS = List.of("get", "head", "put", "post", "delete", "patch");

    @TempDir
    static Path dir;

    private static TestNode node;
    private static Map<String, Object> served;

    @BeforeAll
    static void serve() throws Exception {
        node = TestNode.start(dir);
        served = JsonMapper.builder().build().readValue(node.get("/v3/api-docs").bytes(), Map.class);
        if (Boolean.getBoolean("ringkv.openapi.write")) {
            DumperOptions options = new DumperOptions();
            options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
            options.setWidth(120);
            Files.writeString(
                    FILE,
                    "# The ringkv client API as a node serves it at /v3/api-docs. Generated: after an API change run\n"
                            + "#   ./mvnw test -Dtest=OpenApiFileTest -Dringkv.openapi.write=true\n"
                            + new Yaml(options).dump(served));
        }
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theFileIsTheServedDocument() throws Exception {
        Map<String, Object> file = new Yaml().load(Files.readString(FILE));
        assertThat(file)
                .as("docs/openapi.yaml differs from /v3/api-docs; regenerate it:"
                        + " ./mvnw test -Dtest=OpenApiFileTest -Dringkv.openapi.write=true")
                .isEqualTo(served);
    }

    @Test
    void everyReferenceResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(served, refs);
        assertThat(refs).isNotEmpty();
        for (String ref : refs) {
            assertThat(ref).startsWith("#/");
            Object target = served;
            for (String step : ref.substring(2).split("/")) {
                target = target instanceof Map<?, ?> map
                        ? map.get(step.replace("~1", "/").replace("~0", "~"))
                        : null;
            }
            assertThat(target).as(ref).isNotNull();
        }
    }

    @Test
    void everyOperationHasASummaryItsProblemsAndAnExample() {
        Map<String, Map<String, Object>> paths = (Map<String, Map<String, Object>>) served.get("paths");
        int operations = 0;
        for (Map.Entry<String, Map<String, Object>> path : paths.entrySet()) {
            for (String method : METHODS) {
                Map<String, Object> op = (Map<String, Object>) path.getValue().get(method);
                if (op == null) {
                    continue;
                }
                operations++;
                String name = method + " " + path.getKey();
                assertThat((String) op.get("summary")).as(name + " summary").isNotBlank();
                Map<String, Object> responses = (Map<String, Object>) op.get("responses");
                for (String problem : List.of("4XX", "503")) {
                    assertThat(HelmChart.at(
                                    responses, problem, "content", "application/problem+json", "schema", "$ref"))
                            .as(name + " " + problem)
                            .isEqualTo("#/components/schemas/Problem");
                }
                // an example of its own, besides the problem examples every operation gets
                Map<String, Object> own = new java.util.LinkedHashMap<>(op);
                Map<String, Object> ownResponses = new java.util.LinkedHashMap<>(responses);
                ownResponses.keySet().removeAll(List.of("4XX", "503"));
                own.put("responses", ownResponses);
                assertThat(hasExample(own)).as(name + " has an example").isTrue();
            }
        }
        assertThat(operations).isGreaterThanOrEqualTo(10);
    }

    private static boolean hasExample(Object node) {
        if (node instanceof Map<?, ?> map) {
            if (map.containsKey("example") || map.containsKey("examples")) {
                return true;
            }
            return map.values().stream().anyMatch(OpenApiFileTest::hasExample);
        }
        if (node instanceof List<?> list) {
            return list.stream().anyMatch(OpenApiFileTest::hasExample);
        }
        return false;
    }

    private static void collectRefs(Object node, List<String> refs) {
        if (node instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if ("$ref".equals(k)) {
                    refs.add((String) v);
                } else {
                    collectRefs(v, refs);
                }
            });
        } else if (node instanceof List<?> list) {
            list.forEach(v -> collectRefs(v, refs));
        }
    }
}
