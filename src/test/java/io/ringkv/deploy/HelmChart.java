package io.ringkv.deploy;

import com.marcnuri.helm.Helm;
import com.marcnuri.helm.TemplateCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.yaml.snakeyaml.Yaml;

/** {@code helm/ringkv} rendered by Helm itself (helm-java's native library), as parsed manifests. */
final class HelmChart {
    static final Path CHART = Path.of("helm", "ringkv");
    static final String RELEASE = "kv";
    static final String NAMESPACE = "storage";

    private HelmChart() {}

    /** {@code helm template kv helm/ringkv --namespace storage --set name=value ...}. */
    static Manifests template(Map<String, Object> sets) {
        TemplateCommand template = new Helm(CHART).template().withName(RELEASE).withNamespace(NAMESPACE);
        sets.forEach(template::set);
        return Manifests.parse(template.call());
    }

    /** The documents of a rendered chart. */
    record Manifests(List<Map<String, Object>> documents) {
        @SuppressWarnings("unchecked")
        static Manifests parse(String yaml) {
            List<Map<String, Object>> docs = new ArrayList<>();
            for (Object doc : new Yaml().loadAll(yaml)) {
                if (doc != null) {
                    docs.add((Map<String, Object>) doc);
                }
            }
            return new Manifests(docs);
        }

        List<Map<String, Object>> ofKind(String kind) {
            return documents.stream().filter(d -> kind.equals(d.get("kind"))).toList();
        }

        Map<String, Object> one(String kind) {
            List<Map<String, Object>> all = ofKind(kind);
            if (all.size() != 1) {
                throw new AssertionError("expected one " + kind + ", got " + all.size());
            }
            return all.get(0);
        }

        Map<String, Object> named(String kind, String name) {
            return ofKind(kind).stream()
                    .filter(d -> name.equals(at(d, "metadata", "name")))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no " + kind + " " + name));
        }
    }

    /** The value at a path of map keys and list indexes, or null. */
    static Object at(Object node, Object... path) {
        return get(node, path);
    }

    /** {@link #at}, typed for an assignment. */
    @SuppressWarnings("unchecked")
    static <T> T get(Object node, Object... path) {
        Object current = node;
        for (Object step : path) {
            if (current instanceof Map<?, ?> map) {
                current = map.get(step);
            } else if (current instanceof List<?> list && step instanceof Integer i) {
                current = i < list.size() ? list.get(i) : null;
            } else {
                return null;
            }
            if (current == null) {
                return null;
            }
        }
        return (T) current;
    }

    /** The ringkv container of a StatefulSet. */
    static Map<String, Object> container(Map<String, Object> statefulSet) {
        List<Map<String, Object>> containers = get(statefulSet, "spec", "template", "spec", "containers");
        return containers.stream()
                .filter(c -> Objects.equals(c.get("name"), "ringkv"))
                .findFirst()
                .orElseThrow();
    }
}
