package io.ringkv.deploy;

import static io.ringkv.deploy.HelmChart.at;
import static io.ringkv.deploy.HelmChart.container;
import static io.ringkv.deploy.HelmChart.get;
import static org.assertj.core.api.Assertions.assertThat;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.LintResult;
import io.ringkv.deploy.HelmChart.Manifests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/** {@code helm lint} and {@code helm template} of helm/ringkv, default and other values, asserted on. */
class HelmChartTest {
    private static final String FULLNAME = "kv-ringkv";

    @Test
    void lintsCleanStrict() {
        LintResult lint = new Helm(HelmChart.CHART).lint().strict().call();
        assertThat(lint.isFailed()).as(String.join("\n", lint.getMessages())).isFalse();
        assertThat(lint.getMessages()).noneMatch(m -> m.contains("[ERROR]") || m.contains("[WARNING]"));
    }

    @Test
    void defaultsRenderAStatefulSetThatCanStart() {
        Manifests m = HelmChart.template(Map.of());
        Map<String, Object> sts = m.one("StatefulSet");
        assertThat(at(sts, "spec", "replicas")).isEqualTo(3);
        // each node waits for every seed before it is ready: pods must start together
        assertThat(at(sts, "spec", "podManagementPolicy")).isEqualTo("Parallel");
        assertThat(at(sts, "spec", "serviceName")).isEqualTo(FULLNAME + "-headless");

        Map<String, Object> headless = m.named("Service", FULLNAME + "-headless");
        assertThat(at(headless, "spec", "clusterIP")).isEqualTo("None");
        // seeds resolve while not ready (readiness needs the seeds)
        assertThat(at(headless, "spec", "publishNotReadyAddresses")).isEqualTo(true);
        Map<String, Object> client = m.named("Service", FULLNAME);
        assertThat(at(client, "spec", "type")).isEqualTo("ClusterIP");
        Map<String, Object> selector = get(sts, "spec", "selector", "matchLabels");
        assertThat((Map<String, Object>) at(client, "spec", "selector")).isEqualTo(selector);
        assertThat((Map<String, Object>) at(headless, "spec", "selector")).isEqualTo(selector);
        assertThat((Map<String, Object>) at(sts, "spec", "template", "metadata", "labels"))
                .containsAllEntriesOf(selector);

        Map<String, String> config = get(m.one("ConfigMap"), "data");
        assertThat(config.get("RINGKV_SEEDS"))
                .isEqualTo("kv-ringkv-0.kv-ringkv-headless.storage.svc.cluster.local:8080,"
                        + "kv-ringkv-1.kv-ringkv-headless.storage.svc.cluster.local:8080,"
                        + "kv-ringkv-2.kv-ringkv-headless.storage.svc.cluster.local:8080");
        assertThat(config).containsEntry("RINGKV_DATA_DIR", "/var/lib/ringkv").containsEntry("SERVER_PORT", "8080");
        assertThat(config)
                .containsEntry("RINGKV_COMMITLOG_SYNC", "always")
                .containsEntry("RINGKV_CLUSTER_RACK", "default");

        Map<String, Object> c = container(sts);
        assertThat((String) c.get("image")).isEqualTo("ringkv:0.1.0-SNAPSHOT");
        assertThat(probePath(c, "startupProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(c, "livenessProbe")).isEqualTo("/actuator/health/liveness");
        assertThat(probePath(c, "readinessProbe")).isEqualTo("/actuator/health/readiness");
        assertThat((Integer) at(c, "startupProbe", "failureThreshold")
                        * (Integer) at(c, "startupProbe", "periodSeconds"))
                .as("seconds allowed for commit log replay")
                .isGreaterThanOrEqualTo(300);
        assertThat((Map<String, Object>) at(c, "resources", "requests")).containsKeys("cpu", "memory");
        assertThat((Map<String, Object>) at(c, "resources", "limits")).containsKey("memory");
        assertThat(at(c, "securityContext", "readOnlyRootFilesystem")).isEqualTo(true);
        assertThat(at(c, "securityContext", "allowPrivilegeEscalation")).isEqualTo(false);
        assertThat(at(sts, "spec", "template", "spec", "securityContext", "runAsNonRoot"))
                .isEqualTo(true);
        assertThat((Integer) at(sts, "spec", "template", "spec", "terminationGracePeriodSeconds"))
                .isGreaterThanOrEqualTo(45);
        // the data directory is the claim's volume; /tmp is writable although the root is not
        List<Map<String, Object>> mounts = get(c, "volumeMounts");
        assertThat(mounts)
                .anySatisfy(
                        v -> assertThat(v).containsEntry("name", "data").containsEntry("mountPath", "/var/lib/ringkv"));
        assertThat(mounts).anySatisfy(v -> assertThat(v).containsEntry("mountPath", "/tmp"));
        assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "metadata", "name"))
                .isEqualTo("data");
        assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"))
                .isEqualTo("10Gi");

        Map<String, Object> pdb = m.one("PodDisruptionBudget");
        assertThat(at(pdb, "spec", "maxUnavailable")).isEqualTo(1);
        assertThat((Map<String, Object>) at(pdb, "spec", "selector", "matchLabels"))
                .isEqualTo(selector);
        assertThat(at(
                        sts,
                        "spec",
                        "template",
                        "spec",
                        "affinity",
                        "podAntiAffinity",
                        "preferredDuringSchedulingIgnoredDuringExecution",
                        0,
                        "podAffinityTerm",
                        "topologyKey"))
                .isEqualTo("kubernetes.io/hostname");
        assertThat(at(sts, "spec", "template", "spec", "topologySpreadConstraints", 0, "topologyKey"))
                .isEqualTo("topology.kubernetes.io/zone");

        // the optional monitoring objects are off by default
        assertThat(m.ofKind("ServiceMonitor")).isEmpty();
        assertThat(m.ofKind("PrometheusRule")).isEmpty();
        assertThat(m.ofKind("ConfigMap")).hasSize(1);
    }

    @Test
    void otherValuesRenderWhatTheySay() throws Exception {
        Map<String, Object> values = new HashMap<>();
        values.put("replicaCount", 5);
        values.put("port", 9000);
        values.put("image.repository", "registry.example/ringkv");
        values.put("image.tag", "1.2.3");
        values.put("cluster.rackFromZone", true);
        values.put("antiAffinity", "hard");
        values.put("persistence.size", "50Gi");
        values.put("persistence.storageClass", "fast");
        values.put("settings.ringkv\\.storage\\.memtable-size", "128MB");
        values.put("podDisruptionBudget.enabled", false);
        values.put("metrics.serviceMonitor.enabled", true);
        values.put("metrics.prometheusRule.enabled", true);
        values.put("metrics.dashboard.enabled", true);
        Manifests m = HelmChart.template(values);

        Map<String, Object> sts = m.one("StatefulSet");
        assertThat(at(sts, "spec", "replicas")).isEqualTo(5);
        Map<String, Object> c = container(sts);
        assertThat(c.get("image")).isEqualTo("registry.example/ringkv:1.2.3");
        assertThat(at(c, "ports", 0, "containerPort")).isEqualTo(9000);
        Map<String, String> config = get(m.named("ConfigMap", FULLNAME), "data");
        assertThat(config.get("RINGKV_SEEDS").split(",")).hasSize(5).allMatch(s -> s.endsWith(":9000"));
        assertThat(config).containsEntry("SERVER_PORT", "9000").containsEntry("RINGKV_STORAGE_MEMTABLE_SIZE", "128MB");
        Set<String> documented = ComposeFileTest.documentedSettings();
        assertThat(config.keySet().stream().filter(k -> k.startsWith("RINGKV_")))
                .as("ConfigMap variables that set no documented ringkv property")
                .allMatch(documented::contains);
        // the zone is the rack, from the pod's zone label
        assertThat(config).doesNotContainKey("RINGKV_CLUSTER_RACK");
        assertThat(env(c).get("RINGKV_CLUSTER_RACK"))
                .isEqualTo(Map.of("fieldRef", Map.of("fieldPath", "metadata.labels['topology.kubernetes.io/zone']")));
        assertThat(at(
                        sts,
                        "spec",
                        "template",
                        "spec",
                        "affinity",
                        "podAntiAffinity",
                        "requiredDuringSchedulingIgnoredDuringExecution",
                        0,
                        "topologyKey"))
                .isEqualTo("kubernetes.io/hostname");
        assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "spec", "storageClassName"))
                .isEqualTo("fast");
        assertThat(at(sts, "spec", "volumeClaimTemplates", 0, "spec", "resources", "requests", "storage"))
                .isEqualTo("50Gi");
        assertThat(m.ofKind("PodDisruptionBudget")).isEmpty();

        Map<String, Object> monitor = m.one("ServiceMonitor");
        assertThat(at(monitor, "spec", "endpoints", 0, "path")).isEqualTo("/actuator/prometheus");
        assertThat(at(monitor, "spec", "endpoints", 0, "port")).isEqualTo("http");
        // it selects the headless service alone, so each pod is scraped once
        Map<String, Object> monitorSelector = get(monitor, "spec", "selector", "matchLabels");
        assertThat((Map<String, Object>) at(m.named("Service", FULLNAME + "-headless"), "metadata", "labels"))
                .containsAllEntriesOf(monitorSelector);
        Map<String, Object> clientLabels = get(m.named("Service", FULLNAME), "metadata", "labels");
        assertThat(clientLabels.entrySet().containsAll(monitorSelector.entrySet()))
                .as("the client service is not selected")
                .isFalse();

        // the PrometheusRule is the rule file docker-compose gives Prometheus, unchanged
        Map<String, Object> rules = new Yaml().load(Files.readString(Path.of("helm/ringkv/files/alerts.yml")));
        assertThat((Object) at(m.one("PrometheusRule"), "spec")).isEqualTo(rules);
        List<String> alerts = ((List<Map<String, Object>>) at(rules, "groups", 0, "rules"))
                .stream().map(r -> (String) r.get("alert")).toList();
        assertThat(alerts)
                .contains("RingkvNodeDown", "RingkvHintsBacklog", "RingkvStorageUnavailable", "RingkvDiskAlmostFull");

        Map<String, Object> dashboard = m.named("ConfigMap", FULLNAME + "-dashboard");
        assertThat((Map<String, Object>) at(dashboard, "metadata", "labels")).containsEntry("grafana_dashboard", "1");
        assertThat((String) at(dashboard, "data", "ringkv-dashboard.json"))
                .isEqualTo(Files.readString(Path.of("helm/ringkv/files/ringkv-dashboard.json"))
                        .strip());
    }

    @Test
    void everyNodeSignsItsInternalCallsWithTheClusterSecret() throws Exception {
        Manifests made = HelmChart.template(Map.of());
        Map<String, Object> env = env(container(made.one("StatefulSet")));
        assertThat(at(env.get("RINGKV_SECURITY_CLUSTER_SECRET"), "secretKeyRef", "name"))
                .isEqualTo("kv-ringkv-cluster-secret");
        assertThat(at(env.get("RINGKV_SECURITY_PREVIOUS_CLUSTER_SECRET"), "secretKeyRef", "optional"))
                .isEqualTo(true);
        // Made once at install by a hook (which a template does not render), random, kept.
        String secret = Files.readString(HelmChart.CHART.resolve("templates/secret.yaml"));
        assertThat(secret).contains("helm.sh/hook: pre-install", "helm.sh/resource-policy: keep", "randAlphaNum 48");

        Manifests given = HelmChart.template(Map.of("security.clusterSecret.existingSecret", "mine"));
        assertThat(at(
                        env(container(given.one("StatefulSet"))).get("RINGKV_SECURITY_CLUSTER_SECRET"),
                        "secretKeyRef",
                        "name"))
                .isEqualTo("mine");
    }

    @Test
    void theReadmeDocumentsEveryValue() throws Exception {
        Map<String, Object> values = new Yaml().load(Files.readString(HelmChart.CHART.resolve("values.yaml")));
        String readme = Files.readString(HelmChart.CHART.resolve("README.md"));
        Matcher rows = Pattern.compile("(?m)^\\| `([^`]+)` \\|").matcher(readme);
        java.util.Set<String> documented = new java.util.HashSet<>();
        while (rows.find()) {
            documented.add(rows.group(1));
        }
        assertThat(documented).containsAll(leaves("", values).keySet());
    }

    private static Map<String, Object> leaves(String prefix, Map<String, Object> values) {
        Map<String, Object> out = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            String key = prefix + k;
            if (v instanceof Map<?, ?> map && !map.isEmpty() && !key.equals("settings")) {
                out.putAll(leaves(key + ".", (Map<String, Object>) map));
            } else {
                out.put(key, v);
            }
        });
        return out;
    }

    static Map<String, Object> env(Map<String, Object> container) {
        Map<String, Object> env = new LinkedHashMap<>();
        for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
            env.put((String) e.get("name"), e.containsKey("value") ? e.get("value") : e.get("valueFrom"));
        }
        return env;
    }

    private static String probePath(Map<String, Object> container, String probe) {
        return get(container, probe, "httpGet", "path");
    }
}
