package io.ringkv.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The repository's Dockerfile read as instructions (continuation lines joined, comments dropped),
 * with the final stage's environment, entrypoint and layer copies, as a container built from it
 * would have them.
 */
record DockerfileModel(List<Instruction> instructions) {
    static final Path PATH = Path.of("Dockerfile");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    record Instruction(String keyword, String arguments) {}

    static DockerfileModel read() throws IOException {
        return parse(Files.readString(PATH));
    }

    static DockerfileModel parse(String text) {
        List<Instruction> instructions = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : text.split("\n", -1)) {
            String trimmed = line.strip();
            if (trimmed.startsWith("#") || (trimmed.isEmpty() && current.isEmpty())) {
                continue;
            }
            if (trimmed.endsWith("\\")) {
                current.append(trimmed, 0, trimmed.length() - 1).append(' ');
                continue;
            }
            current.append(trimmed);
            String whole = current.toString().strip();
            current.setLength(0);
            if (whole.isEmpty()) {
                continue;
            }
            int space = whole.indexOf(' ');
            instructions.add(new Instruction(
                    whole.substring(0, space).toUpperCase(),
                    whole.substring(space + 1).strip()));
        }
        return new DockerfileModel(instructions);
    }

    List<Instruction> all(String keyword) {
        return instructions.stream().filter(i -> i.keyword().equals(keyword)).toList();
    }

    /** The instructions after the last {@code FROM}: the image that runs. */
    DockerfileModel finalStage() {
        int last = 0;
        for (int i = 0; i < instructions.size(); i++) {
            if (instructions.get(i).keyword().equals("FROM")) {
                last = i;
            }
        }
        return new DockerfileModel(instructions.subList(last, instructions.size()));
    }

    /** The environment the final stage's {@code ENV} instructions set. */
    Map<String, String> environment() {
        Map<String, String> env = new LinkedHashMap<>();
        for (Instruction i : finalStage().all("ENV")) {
            for (String pair : words(i.arguments())) {
                int eq = pair.indexOf('=');
                if (eq < 0) {
                    throw new IllegalArgumentException("ENV without '=' (the legacy form): " + i.arguments());
                }
                env.put(pair.substring(0, eq), pair.substring(eq + 1));
            }
        }
        return env;
    }

    /** The exec-form {@code ENTRYPOINT} of the final stage. */
    List<String> entrypoint() {
        List<Instruction> entrypoints = finalStage().all("ENTRYPOINT");
        return execForm(entrypoints.get(entrypoints.size() - 1).arguments());
    }

    /** The exec-form command of the final stage's {@code HEALTHCHECK}, after its options. */
    List<String> healthcheck() {
        String arguments = finalStage().all("HEALTHCHECK").get(0).arguments();
        return execForm(arguments.substring(arguments.indexOf("CMD ") + 4).strip());
    }

    static List<String> execForm(String json) {
        if (!json.startsWith("[")) {
            throw new IllegalArgumentException("not in exec form (a JSON array): " + json);
        }
        return List.of(JSON.readValue(json, String[].class));
    }

    /** Splits on spaces outside double quotes, dropping the quotes (as Docker reads ENV). */
    static List<String> words(String text) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted;
            } else if (c == '\\' && i + 1 < text.length()) {
                word.append(text.charAt(++i));
            } else if (c == ' ' && !quoted) {
                if (!word.isEmpty()) {
                    words.add(word.toString());
                    word.setLength(0);
                }
            } else {
                word.append(c);
            }
        }
        if (!word.isEmpty()) {
            words.add(word.toString());
        }
        return words;
    }
}
