package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * docker-compose.yml and what it mounts, read as compose and Prometheus and Grafana would: nodes
 * that find each other, one volume each, every node scraped, the dashboard provisioned. (That the
 * nodes' settings form a cluster is ComposeClusterIT; {@code docker-compose config} runs in
 * .ci/run.)
 */
class ComposeFileTest {
    private final ComposeFile compose;
    private final Map<String, String> imageEnv;
    private final int containerPort;

    ComposeFileTest() throws Exception {
        compose = ComposeFile.read();
        imageEnv = DockerfileModel.read().environment();
        containerPort = Integer.parseInt(imageEnv.get("SERVER_PORT"));
    }

    @Test
    void threeNodesListEachOtherAsSeedsAndKeepTheirOwnVolume() {
        List<String> nodes = compose.ringkvServices();
        assertThat(nodes).hasSize(3);
        List<String> addresses = nodes.stream()
                .map(n -> compose.hostname(n) + ":" + containerPort)
                .toList();
        Set<String> ids = new HashSet<>();
        Set<String> volumes = new HashSet<>();
        String dataDir = imageEnv.get("RINGKV_DATA_DIR");
        for (String node : nodes) {
            Map<String, Object> service = compose.service(node);
            Map<String, String> env = ComposeFile.environment(service);
            assertThat(List.of(env.get("RINGKV_SEEDS").split(","))).as(node).containsExactlyElementsOf(addresses);
            assertThat(env.get("RINGKV_CLUSTER_ADVERTISED_ADDRESS"))
                    .isEqualTo(compose.hostname(node) + ":" + containerPort);
            assertThat(ids.add(env.get("RINGKV_NODE_ID")))
                    .as("distinct node ids")
                    .isTrue();
            List<String> mounts = ComposeFile.strings(service, "volumes");
            assertThat(mounts).hasSize(1);
            String[] mount = mounts.get(0).split(":");
            assertThat(mount[1]).isEqualTo(dataDir);
            assertThat(volumes.add(mount[0])).as("a volume of its own").isTrue();
            assertThat((Map<String, Object>) compose.root().get("volumes")).containsKey(mount[0]);
            assertThat(ComposeFile.duration(String.valueOf(service.get("stop_grace_period")))
                            .toSeconds())
                    .as("stop grace: Spring's 30 s shutdown phase plus the flush")
                    .isGreaterThanOrEqualTo(45);
        }
    }

    @Test
    void everySettingIsADocumentedProperty() throws Exception {
        Set<String> documented = documentedSettings();
        assertThat(documented).contains("RINGKV_SEEDS", "SERVER_PORT");
        Map<String, String> all = new LinkedHashMap<>(imageEnv);
        for (String node : compose.ringkvServices()) {
            all.putAll(ComposeFile.environment(compose.service(node)));
        }
        List<String> unknown = new ArrayList<>();
        for (String name : all.keySet()) {
            if (name.startsWith("RINGKV_") && !documented.contains(name)) {
                unknown.add(name);
            }
        }
        assertThat(unknown)
                .as("environment variables that set no documented ringkv property")
                .isEmpty();
    }

    @Test
    void prometheusScrapesEveryNodeAndLoadsTheRules() throws Exception {
        Map<String, Object> prometheus = compose.service("prometheus");
        Map<String, String> mounts = bindMounts(prometheus);
        Path config = Path.of(mounts.entrySet().stream()
                .filter(e -> e.getValue().equals("/etc/prometheus/prometheus.yml"))
                .findFirst()
                .orElseThrow()
                .getKey());
        Map<String, Object> yaml = new Yaml().load(Files.readString(config));
        Map<String, Object> job = ((List<Map<String, Object>>) yaml.get("scrape_configs")).get(0);
        assertThat(job.get("metrics_path")).isEqualTo("/actuator/prometheus");
        List<String> targets = (List<String>)
                ((List<Map<String, Object>>) job.get("static_configs")).get(0).get("targets");
        assertThat(targets)
                .containsExactlyInAnyOrderElementsOf(compose.ringkvServices().stream()
                        .map(n -> compose.hostname(n) + ":" + containerPort)
                        .toList());
        assertThat(job.get("job_name").toString()).matches(".*ringkv.*"); // the alerts select job=~".*ringkv.*"
        for (String rules : (List<String>) yaml.get("rule_files")) {
            assertThat(mounts).containsValue(rules);
        }
        assertThat(mounts).containsEntry(DashboardMetricsTest.ALERTS.toString(), "/etc/prometheus/alerts.yml");
    }

    @Test
    void grafanaIsProvisionedWithThePrometheusSourceAndTheDashboard() throws Exception {
        Map<String, Object> grafana = compose.service("grafana");
        Map<String, String> mounts = bindMounts(grafana);
        Path provisioning = Path.of(mounts.entrySet().stream()
                .filter(e -> e.getValue().equals("/etc/grafana/provisioning"))
                .findFirst()
                .orElseThrow()
                .getKey());
        Map<String, Object> sources =
                new Yaml().load(Files.readString(provisioning.resolve("datasources/prometheus.yml")));
        Map<String, Object> source = ((List<Map<String, Object>>) sources.get("datasources")).get(0);
        assertThat(source).containsEntry("type", "prometheus").containsEntry("isDefault", true);
        assertThat(source.get("url")).isEqualTo("http://prometheus:9090");
        assertThat(compose.services()).containsKey("prometheus");

        Map<String, Object> providers =
                new Yaml().load(Files.readString(provisioning.resolve("dashboards/ringkv.yml")));
        String folder = (String) ((Map<String, Object>) ((List<Map<String, Object>>) providers.get("providers"))
                        .get(0)
                        .get("options"))
                .get("path");
        String dashboardInContainer = mounts.get(DashboardMetricsTest.DASHBOARD.toString());
        assertThat(dashboardInContainer).startsWith(folder + "/");
        assertThat(ComposeFile.environment(grafana))
                .containsEntry("GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH", dashboardInContainer);
    }

    /** The environment variable of every property docs/operations.md documents (ringkv.node-id: RINGKV_NODE_ID). */
    static Set<String> documentedSettings() throws java.io.IOException {
        Set<String> documented = new HashSet<>();
        Matcher m = Pattern.compile("(?m)^\\| `([a-z][a-z0-9.-]+)`")
                .matcher(Files.readString(Path.of("docs/operations.md")));
        while (m.find()) {
            documented.add(m.group(1).toUpperCase().replace('.', '_').replace('-', '_'));
        }
        return documented;
    }

    /** A service's bind mounts: host path (relative to the repository, as it exists here) → container path. */
    private static Map<String, String> bindMounts(Map<String, Object> service) {
        Map<String, String> mounts = new LinkedHashMap<>();
        for (String volume : ComposeFile.strings(service, "volumes")) {
            String[] parts = volume.split(":");
            if (parts[0].startsWith("./")) {
                Path host = Path.of(parts[0].substring(2));
                assertThat(host).as("mounted " + volume).exists();
                mounts.put(host.toString(), parts[1]);
            }
        }
        return mounts;
    }
}
