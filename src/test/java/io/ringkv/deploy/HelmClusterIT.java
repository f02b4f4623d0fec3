package io.ringkv.deploy;

import static io.ringkv.deploy.HelmChart.container;
import static io.ringkv.deploy.HelmChart.get;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.deploy.HelmChart.Manifests;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pods of the rendered StatefulSet, started from the built jar laid out as the image has it,
 * with the environment the kubelet would give each container: the image's ENV, then the chart's
 * ConfigMap (envFrom), then the container's env with the downward API and {@code $(VAR)}
 * references resolved as Kubernetes does; each pod in a zone of its own, which becomes its rack).
 * The pods' DNS names are mapped to loopback addresses.
 */
class HelmClusterIT {
    private static final List<String> ZONES = List.of("zone-a", "zone-b", "zone-c");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\(([A-Za-z_][A-Za-z0-9_]*)\\)");

    @TempDir
    Path dir;

    private final List<ContainerNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ContainerNode node : nodes) {
            node.close();
        }
    }

    @Test
    void theStatefulSetPodsFormOneCluster() throws Exception {
        // each node's rack is its zone, from the pod's zone label
        Manifests manifests = HelmChart.template(Map.of("cluster.rackFromZone", true));
        Map<String, Object> sts = manifests.one("StatefulSet");
        String name = get(sts, "metadata", "name");
        String service = get(sts, "spec", "serviceName");
        int replicas = get(sts, "spec", "replicas");
        Map<String, Object> container = container(sts);
        int containerPort = get(container, "ports", 0, "containerPort");
        String dataMount = ((List<Map<String, Object>>) container.get("volumeMounts"))
                .stream()
                        .filter(v -> "data".equals(v.get("name")))
                        .map(v -> (String) v.get("mountPath"))
                        .findFirst()
                        .orElseThrow();

        List<String> pods = new ArrayList<>();
        List<String> hosts = new ArrayList<>();
        for (int i = 0; i < replicas; i++) {
            pods.add(name + "-" + i);
            hosts.add(name + "-" + i + "." + service + "." + HelmChart.NAMESPACE + ".svc.cluster.local");
        }
        Loopback loopback = new Loopback(hosts, containerPort);
        Map<String, String> addressById = new LinkedHashMap<>();
        Map<String, String> rackById = new LinkedHashMap<>();
        for (int i = 0; i < replicas; i++) {
            Map<String, String> env = new LinkedHashMap<>(DockerfileModel.read().environment());
            for (Map<String, Object> from : (List<Map<String, Object>>) container.get("envFrom")) {
                String configMap = get(from, "configMapRef", "name");
                Map<String, Object> data = get(manifests.named("ConfigMap", configMap), "data");
                data.forEach((k, v) -> env.put(k, String.valueOf(v)));
            }
            for (Map<String, Object> e : (List<Map<String, Object>>) container.get("env")) {
                String value = value(e, pods.get(i), ZONES.get(i), env);
                if (value != null) {
                    env.put((String) e.get("name"), value);
                }
            }
            Map<String, String> moved = loopback.relocate(hosts.get(i), env, dataMount, dir.resolve(pods.get(i)));
            moved.put("JAVA_TOOL_OPTIONS", moved.get("JAVA_TOOL_OPTIONS") + " -Xmx256m -XX:TieredStopAtLevel=1");
            List<String> args = container.get("args") == null ? List.of() : (List<String>) container.get("args");
            assertThat(container.get("command"))
                    .as("the image's entrypoint runs")
                    .isNull();
            String id = moved.get("RINGKV_NODE_ID");
            assertThat(id).isEqualTo(pods.get(i));
            addressById.put(id, moved.get("RINGKV_CLUSTER_ADVERTISED_ADDRESS"));
            rackById.put(id, moved.get("RINGKV_CLUSTER_RACK"));
            nodes.add(
                    new ContainerNode(pods.get(i), loopback.address(hosts.get(i)), loopback.port(), moved, args, dir));
        }
        for (ContainerNode node : nodes) {
            node.start();
        }
        ClusterChecks.assertFormCluster(nodes, addressById, rackById);
        assertThat(rackById.values()).containsExactlyElementsOf(ZONES);
    }

    /** An env entry's value as the kubelet computes it for pod {@code pod} in {@code zone}. */
    private static String value(Map<String, Object> entry, String pod, String zone, Map<String, String> env) {
        if (entry.containsKey("valueFrom")
                && get(entry, "valueFrom") instanceof Map<?, ?> from
                && from.containsKey("secretKeyRef")) {
            // The chart's Secret is made by a pre-install hook, which a template does not render: the
            // cluster secret it would hold stands in; an optional key it lacks leaves the variable
            // unset, as the kubelet does.
            String key = get(entry, "valueFrom", "secretKeyRef", "key");
            return key.equals("cluster-secret") ? "helm-cluster-it-secret-0123456789" : null;
        }
        if (entry.containsKey("valueFrom")) {
            String field = get(entry, "valueFrom", "fieldRef", "fieldPath");
            return switch (field) {
                case "metadata.name" -> pod;
                case "metadata.namespace" -> HelmChart.NAMESPACE;
                case "metadata.labels['topology.kubernetes.io/zone']" -> zone;
                default -> throw new IllegalStateException("no stand-in for " + field);
            };
        }
        Matcher m = REFERENCE.matcher(String.valueOf(entry.get("value")));
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String referenced = env.get(m.group(1));
            m.appendReplacement(out, Matcher.quoteReplacement(referenced == null ? m.group() : referenced));
        }
        m.appendTail(out);
        return out.toString();
    }
}
