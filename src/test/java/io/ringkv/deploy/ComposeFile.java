package io.ringkv.deploy;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/** docker-compose.yml as compose reads it (YAML merge keys resolved by SnakeYAML). */
final class ComposeFile {
    static final Path PATH = Path.of("docker-compose.yml");
    private final Map<String, Object> root;

    private ComposeFile(Map<String, Object> root) {
        this.root = root;
    }

    static ComposeFile read() throws IOException {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        try (Reader reader = Files.newBufferedReader(PATH)) {
            return new ComposeFile(new Yaml(options).load(reader));
        }
    }

    Map<String, Object> root() {
        return root;
    }

    @SuppressWarnings("unchecked")
    Map<String, Map<String, Object>> services() {
        return (Map<String, Map<String, Object>>) root.get("services");
    }

    Map<String, Object> service(String name) {
        return services().get(name);
    }

    /** The services built from this repository's Dockerfile: the ringkv nodes. */
    List<String> ringkvServices() {
        return services().entrySet().stream()
                .filter(e -> e.getValue().get("build") instanceof Map<?, ?> build && ".".equals(build.get("context")))
                .map(Map.Entry::getKey)
                .toList();
    }

    /** The service's environment, in either of compose's forms (a map or a list of NAME=value). */
    static Map<String, String> environment(Map<String, Object> service) {
        Map<String, String> env = new LinkedHashMap<>();
        Object e = service.get("environment");
        if (e instanceof Map<?, ?> map) {
            map.forEach((k, v) -> env.put(String.valueOf(k), String.valueOf(v)));
        } else if (e instanceof List<?> list) {
            for (Object item : list) {
                String s = String.valueOf(item);
                env.put(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
            }
        }
        return env;
    }

    /** The host name other containers reach a service at: its {@code hostname}, else its name. */
    String hostname(String service) {
        Object h = service(service).get("hostname");
        return h == null ? service : h.toString();
    }

    @SuppressWarnings("unchecked")
    static List<String> strings(Map<String, Object> service, String key) {
        Object v = service.get(key);
        return v == null ? List.of() : (List<String>) v;
    }

    /** A compose duration such as {@code 60s}, {@code 1m30s}. */
    static Duration duration(String text) {
        return Duration.parse("PT" + text.toUpperCase());
    }
}
