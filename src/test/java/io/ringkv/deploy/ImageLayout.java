package io.ringkv.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The image's application folder without a container engine: the built jar ({@code -Dringkv.jar})
 * is split into its layers as the Dockerfile's build stage does, and the layers the run stage
 * copies are copied into one folder in the Dockerfile's order. A layer the Dockerfile forgets, or
 * a wrong launcher class, makes the node fail to start here as it would in the image.
 */
final class ImageLayout {
    private static final Pattern LAYER_COPY = Pattern.compile("--from=build\\s+/layers/([a-z-]+)/\\s+\\./");
    private static Path appDir;

    private ImageLayout() {}

    static synchronized Path appDir() throws Exception {
        if (appDir != null) {
            return appDir;
        }
        String jar = System.getProperty("ringkv.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("-Dringkv.jar must name the built jar (run through ./mvnw verify): " + jar);
        }
        Path root = Path.of("target", "image-layout");
        deleteTree(root);
        Files.createDirectories(root);
        Path layers = root.resolve("layers");
        Process extract = new ProcessBuilder(
                        java(),
                        "-Djarmode=tools",
                        "-jar",
                        jar,
                        "extract",
                        "--layers",
                        "--launcher",
                        "--destination",
                        layers.toString())
                .redirectErrorStream(true)
                .redirectOutput(root.resolve("extract.log").toFile())
                .start();
        if (!extract.waitFor(120, TimeUnit.SECONDS) || extract.exitValue() != 0) {
            throw new IllegalStateException(
                    "extracting the layers failed: " + Files.readString(root.resolve("extract.log")));
        }
        Path app = root.resolve("app");
        Files.createDirectories(app);
        List<String> copied = new ArrayList<>();
        for (DockerfileModel.Instruction copy :
                DockerfileModel.read().finalStage().all("COPY")) {
            Matcher m = LAYER_COPY.matcher(copy.arguments());
            if (m.find()) {
                copyTree(layers.resolve(m.group(1)), app);
                copied.add(m.group(1));
            }
        }
        if (copied.isEmpty()) {
            throw new IllegalStateException("the Dockerfile copies no layer from the build stage");
        }
        appDir = app.toAbsolutePath();
        return appDir;
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static void copyTree(Path from, Path to) throws IOException {
        if (!Files.isDirectory(from)) {
            throw new IllegalStateException("the jar has no layer " + from.getFileName());
        }
        try (Stream<Path> files = Files.walk(from)) {
            for (Path file : (Iterable<Path>) files::iterator) {
                Path target = to.resolve(from.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        try (Stream<Path> files = Files.walk(root)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
