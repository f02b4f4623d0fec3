package io.ringkv.deploy;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;

/**
 * A node started as its container would be: the Dockerfile's entrypoint, run in the image's
 * application folder ({@link ImageLayout}) with the container's environment and no other, on a
 * loopback address that stands in for the container's own.
 */
final class ContainerNode implements AutoCloseable {
    private final String name;
    private final String address;
    private final int port;
    private final Map<String, String> environment;
    private final List<String> args;
    private final Path log;
    private Process process;

    ContainerNode(String name, String address, int port, Map<String, String> environment, List<String> args, Path dir) {
        this.name = name;
        this.address = address;
        this.port = port;
        this.environment = Map.copyOf(environment);
        this.args = List.copyOf(args);
        this.log = dir.resolve(name + ".log");
    }

    String name() {
        return name;
    }

    Map<String, String> environment() {
        return environment;
    }

    void start() throws Exception {
        List<String> command = new ArrayList<>(DockerfileModel.read().entrypoint());
        if (!command.get(0).equals("java")) {
            throw new IllegalStateException("the entrypoint does not start java: " + command);
        }
        command.set(0, ImageLayout.java());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ImageLayout.appDir().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().clear();
        builder.environment().put("PATH", System.getenv("PATH"));
        builder.environment().putAll(environment);
        process = builder.start();
    }

    boolean alive() {
        return process != null && process.isAlive();
    }

    Reply get(String path) throws IOException {
        return TestNode.execute(new Request.Builder().url(url(path)).build());
    }

    Reply put(String path, String body) throws IOException {
        return TestNode.execute(new Request.Builder()
                .url(url(path))
                .put(RequestBody.create(body, MediaType.get("text/plain")))
                .build());
    }

    boolean ready() {
        try {
            return get("/actuator/health/readiness").status() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private String url(String path) {
        return "http://" + address + ":" + port + path;
    }

    /** SIGTERM, as {@code docker stop} and the kubelet send; the exit code, or -1 if still running after {@code grace}. */
    int terminate(Duration grace) throws InterruptedException {
        process.destroy();
        if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return -1;
        }
        return process.exitValue();
    }

    String log() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    String logTail() {
        List<String> lines = List.of(log().split("\n"));
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }
}
