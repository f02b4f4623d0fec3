package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every metric the Grafana dashboard and the alert rules read exists in a real node's scrape
 * (after some load: writes that flush tables, reads that hit and miss them, deletes, listings,
 * props), and every label they match on or group by is one the metric has.
 */
class DashboardMetricsTest {
    static final Path DASHBOARD = Path.of("helm/ringkv/files/ringkv-dashboard.json");
    static final Path ALERTS = Path.of("helm/ringkv/files/alerts.yml");
    /** Series Prometheus makes itself, and labels it adds to every scraped series. */
    private static final Set<String> PROMETHEUS_SERIES = Set.of("up");

    private static final Set<String> TARGET_LABELS = Set.of("instance", "job");
    private static final Pattern GROUP_BY = Pattern.compile("\\bby\\s*\\(([^)]*)\\)");
    private static final Pattern LABEL_VALUES =
            Pattern.compile("label_values\\(\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*,\\s*([a-zA-Z_]+)\\s*\\)");

    @TempDir
    static Path dir;

    private static TestNode node;
    private static String scrape;

    @BeforeAll
    static void loadedNode() throws Exception {
        // small memtables so that writes flush tables, whose reads use the bloom filters and block cache
        node = TestNode.start(
                dir,
                "--ringkv.storage.memtable-size=4KB",
                // fsyncs still happen and are timed, but no write waits for one
                "--ringkv.commitlog.sync=periodic",
                "--ringkv.commitlog.sync-period=50ms");
        String value = "v".repeat(200);
        for (int i = 0; i < 100; i++) {
            assertThat(node.put("/v1/buckets/load/keys/k" + i, "text/plain", value)
                            .status())
                    .isEqualTo(204);
        }
        for (int i = 0; i < 100; i++) {
            node.get("/v1/buckets/load/keys/k" + i);
            node.get("/v1/buckets/load/keys/absent" + i);
        }
        node.delete("/v1/buckets/load/keys/k0");
        node.get("/v1/buckets/load/keys?limit=10");
        node.get("/v1/buckets");
        node.get("/v1/buckets/load/props");
        node.put("/v1/buckets/load/props", "application/json", "{\"n\": 1}");
        node.get("/v1/buckets/bad%20name/keys/x");
        node.get("/v1/cluster/ring");
        scrape = node.get("/actuator/prometheus").body();
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void theDashboardReadsOnlyMetricsTheNodeHas() throws Exception {
        JsonNode dashboard = JsonMapper.builder().build().readTree(Files.readString(DASHBOARD));
        List<String> expressions = new ArrayList<>();
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.get("type").asString().equals("row")) {
                continue;
            }
            assertThat(panel.get("targets")).as(panel.get("title").asString()).isNotEmpty();
            assertThat(panel.get("datasource").get("uid").asString()).isEqualTo("${datasource}");
            for (JsonNode target : panel.get("targets")) {
                expressions.add(target.get("expr").asString());
            }
        }
        assertThat(expressions).hasSizeGreaterThan(30);
        assertReadable(expressions);
        for (JsonNode variable : dashboard.get("templating").get("list")) {
            if (variable.has("definition")) {
                Matcher m = LABEL_VALUES.matcher(variable.get("definition").asString());
                assertThat(m.matches())
                        .as(variable.get("definition").asString())
                        .isTrue();
                assertThat(series(m.group(1))).as(m.group(1)).isNotEmpty();
            }
        }
    }

    @Test
    void theAlertRulesReadOnlyMetricsTheNodeHas() throws Exception {
        Map<String, Object> rules = new Yaml().load(Files.readString(ALERTS));
        List<String> expressions = new ArrayList<>();
        for (Map<String, Object> group : (List<Map<String, Object>>) rules.get("groups")) {
            for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
                expressions.add((String) rule.get("expr"));
                assertThat((Map<String, Object>) rule.get("annotations")).containsKeys("summary", "description");
            }
        }
        assertReadable(expressions);
    }

    @Test
    void theParserFindsMetricNamesAndLabels() {
        assertThat(
                        PromQl.selectors(
                                "histogram_quantile(0.99, sum by (le, operation) (rate(ringkv_client_requests_seconds_bucket{instance=~\"$instance\"}[$__rate_interval])))"))
                .isEqualTo(Map.of("ringkv_client_requests_seconds_bucket", Set.of("instance")));
        assertThat(PromQl.selectors("ringkv_hints_pending_bytes > 64 * 1024 or up{job=~\".*ringkv.*\"} == 0"))
                .containsOnlyKeys("ringkv_hints_pending_bytes", "up");
    }

    private void assertReadable(List<String> expressions) {
        Set<String> missing = new TreeSet<>();
        for (String expr : expressions) {
            Map<String, Set<String>> selectors = PromQl.selectors(expr);
            assertThat(selectors).as("metrics in " + expr).isNotEmpty();
            Set<String> grouped = new TreeSet<>();
            Matcher by = GROUP_BY.matcher(expr);
            while (by.find()) {
                for (String label : by.group(1).split(",")) {
                    grouped.add(label.strip());
                }
            }
            selectors.forEach((metric, labels) -> {
                if (PROMETHEUS_SERIES.contains(metric)) {
                    return;
                }
                List<String> series = series(metric);
                if (series.isEmpty()) {
                    missing.add(metric + " (in " + expr + ")");
                    return;
                }
                for (String label : labels) {
                    if (!TARGET_LABELS.contains(label) && series.stream().noneMatch(s -> s.contains(label + "=\""))) {
                        missing.add(metric + " has no label " + label + " (in " + expr + ")");
                    }
                }
            });
            for (String label : grouped) {
                if (TARGET_LABELS.contains(label)) {
                    continue;
                }
                boolean somewhere = selectors.keySet().stream()
                        .flatMap(metric -> series(metric).stream())
                        .anyMatch(s -> s.contains(label + "=\""));
                if (!somewhere) {
                    missing.add("no metric has the label " + label + " grouped by in " + expr);
                }
            }
        }
        assertThat(missing)
                .as("not in the scrape of a node under load:\n" + String.join("\n", missing))
                .isEmpty();
    }

    /** The scrape's lines for {@code metric}. */
    private static List<String> series(String metric) {
        List<String> lines = new ArrayList<>();
        for (String line : scrape.split("\n")) {
            if (line.startsWith(metric + " ") || line.startsWith(metric + "{")) {
                lines.add(line);
            }
        }
        return lines;
    }
}
