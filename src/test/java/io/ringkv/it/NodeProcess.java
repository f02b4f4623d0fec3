package io.ringkv.it;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Scrape;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A ringkv node in its own JVM, started from the built jar ({@code -Dringkv.jar}) on a fixed port
 * and data directory, and stopped the hard way: SIGKILL, as a crash or a pulled plug would.
 */
final class NodeProcess implements AutoCloseable {
    private final String id;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final List<String> settings;
    private Process process;

    NodeProcess(String id, int port, Path dir, List<String> settings) {
        this.id = id;
        this.port = port;
        this.dataDir = dir.resolve(id);
        this.log = dir.resolve(id + ".log");
        this.settings = List.copyOf(settings);
    }

    String id() {
        return id;
    }

    int port() {
        return port;
    }

    /** Starts the JVM (again, on the same data directory after a kill). */
    void start() throws IOException {
        String jar = System.getProperty("ringkv.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("-Dringkv.jar must name the built jar (run through ./mvnw verify): " + jar);
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx256m",
                "-XX:TieredStopAtLevel=1",
                "-jar",
                jar,
                "--server.port=" + port,
                "--ringkv.node-id=" + id,
                "--ringkv.data-dir=" + dataDir,
                "--ringkv.cluster.advertised-address=127.0.0.1:" + port,
                "--spring.main.banner-mode=off"));
        command.addAll(settings);
        process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    /** SIGKILL: nothing is flushed, closed or announced. */
    void kill() throws InterruptedException {
        if (process != null) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
        }
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Reply get(String path) throws IOException {
        return TestNode.execute(
                new Request.Builder().url("http://127.0.0.1:" + port + path).build());
    }

    Reply put(String path, String body) throws IOException {
        return TestNode.execute(new Request.Builder()
                .url("http://127.0.0.1:" + port + path)
                .put(RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.get("text/plain")))
                .build());
    }

    /** The value of an unlabelled counter or gauge in the node's Prometheus scrape. */
    double metric(String name) throws IOException {
        return Scrape.value(get("/actuator/prometheus").body(), name);
    }

    /** The last lines of the node's log, for a failure message. */
    String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
