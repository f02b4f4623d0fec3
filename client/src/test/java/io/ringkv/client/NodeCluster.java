package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * ringkv nodes as their own JVM processes from the server jar named by {@code -Dringkv.jar}, on free
 * loopback ports, each seeded with all; stopped with SIGKILL. Talks to them with the JDK's HTTP
 * client, not the client under test.
 */
final class NodeCluster implements AutoCloseable {
    /** The server jar, or null when {@code -Dringkv.jar} is unset or names no file. */
    static Path jar() {
        String jar = System.getProperty("ringkv.jar", "");
        if (jar.isBlank()) {
            return null;
        }
        Path p = Path.of(jar);
        return Files.isRegularFile(p) ? p : null;
    }

    private final Path dir;
    private final List<String> ids = new ArrayList<>();
    private final List<Integer> ports = new ArrayList<>();
    private final List<Process> processes = new ArrayList<>();
    private final String apiKey;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    NodeCluster(Path dir, int nodes) throws IOException {
        this(dir, nodes, null);
    }

    /**
     * Nodes started with {@code extraArgs} after the usual ones; this class's own requests carry
     * {@code apiKey} as a bearer token when it is not null.
     */
    NodeCluster(Path dir, int nodes, String apiKey, String... extraArgs) throws IOException {
        this.dir = dir;
        this.apiKey = apiKey;
        for (int i = 0; i < nodes; i++) {
            ids.add("node" + i);
            try (ServerSocket s = new ServerSocket(0)) {
                ports.add(s.getLocalPort());
            }
        }
        List<String> seeds = new ArrayList<>();
        for (int port : ports) {
            seeds.add("127.0.0.1:" + port);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < nodes; i++) {
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xms64m",
                    "-Xmx256m",
                    "-XX:TieredStopAtLevel=1",
                    "-XX:+UseSerialGC",
                    "-jar",
                    jar().toString(),
                    "--server.address=127.0.0.1",
                    "--server.port=" + ports.get(i),
                    "--ringkv.node-id=" + ids.get(i),
                    "--ringkv.data-dir=" + dir.resolve(ids.get(i)),
                    "--ringkv.seeds=" + String.join(",", seeds),
                    "--ringkv.cluster.advertised-address=127.0.0.1:" + ports.get(i),
                    "--ringkv.commitlog.sync=periodic",
                    "--spring.main.banner-mode=off",
                    "--logging.level.root=warn"));
            command.addAll(List.of(extraArgs));
            processes.add(new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(dir.resolve(ids.get(i) + ".log").toFile())
                    .start());
        }
    }

    String id(int i) {
        return ids.get(i);
    }

    String address(int i) {
        return "127.0.0.1:" + ports.get(i);
    }

    int indexOfAddress(String address) {
        for (int i = 0; i < ports.size(); i++) {
            if (address(i).equals(address)) {
                return i;
            }
        }
        throw new IllegalArgumentException("no node at " + address);
    }

    List<String> addresses() {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < ports.size(); i++) {
            out.add(address(i));
        }
        return out;
    }

    int size() {
        return ports.size();
    }

    /** Waits until every node is ready and sees every other UP. */
    void awaitUp(Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (int i = 0; i < size(); i++) {
            while (true) {
                if (!processes.get(i).isAlive()) {
                    throw new IllegalStateException(ids.get(i) + " exited:\n" + logTail(i));
                }
                if (allUp(i)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(ids.get(i) + " not up in " + timeout + ":\n" + logTail(i));
                }
                Thread.sleep(200);
            }
        }
    }

    private boolean allUp(int i) {
        try {
            if (get(i, "/actuator/health/readiness").statusCode() != 200) {
                return false;
            }
            JsonNode members = json(i, "/v1/cluster/members").path("members");
            int up = 0;
            for (JsonNode m : members) {
                up += m.path("status").asText().equals("UP") ? 1 : 0;
            }
            return up == size();
        } catch (IOException e) {
            return false;
        }
    }

    HttpResponse<String> get(int i, String path) throws IOException {
        return send(i, HttpRequest.newBuilder().GET(), path);
    }

    HttpResponse<String> put(int i, String path, String json) throws IOException {
        return send(
                i,
                HttpRequest.newBuilder()
                        .header("Content-Type", "application/json")
                        .PUT(HttpRequest.BodyPublishers.ofString(json)),
                path);
    }

    private HttpResponse<String> send(int i, HttpRequest.Builder b, String path) throws IOException {
        if (apiKey != null) {
            b.header("Authorization", "Bearer " + apiKey);
        }
        try {
            return http.send(
                    b.uri(URI.create("http://" + address(i) + path))
                            .timeout(Duration.ofSeconds(20))
                            .build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    JsonNode json(int i, String path) throws IOException {
        HttpResponse<String> r = get(i, path);
        if (r.statusCode() != 200) {
            throw new IOException(path + " at " + address(i) + ": " + r.statusCode() + " " + r.body());
        }
        return Json.MAPPER.readTree(r.body());
    }

    /**
     * The sum of a metric's samples in a node's Prometheus scrape whose labels contain every one of
     * {@code labels} (e.g. {@code operation="put"}).
     */
    double metric(int i, String name, String... labels) throws IOException {
        String scrape = get(i, "/actuator/prometheus").body();
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*\\})?\\s+(\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(scrape);
        double sum = 0;
        while (m.find()) {
            String l = m.group(1) == null ? "" : m.group(1);
            boolean all = true;
            for (String label : labels) {
                all &= l.contains(label);
            }
            if (all) {
                sum += Double.parseDouble(m.group(2));
            }
        }
        return sum;
    }

    void kill(int i) throws InterruptedException {
        Process p = processes.get(i);
        p.destroyForcibly();
        p.waitFor(30, TimeUnit.SECONDS);
    }

    String logTail(int i) {
        try {
            List<String> lines = Files.readAllLines(dir.resolve(ids.get(i) + ".log"));
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (int i = 0; i < processes.size(); i++) {
            kill(i);
        }
    }
}
