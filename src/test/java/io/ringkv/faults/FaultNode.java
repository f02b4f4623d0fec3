package io.ringkv.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One ringkv node in its own JVM from the built jar ({@code -Dringkv.jar}): optionally as a Linux
 * user of its own (so the firewall can drop its packets) and with libfaketime preloaded when its clock
 * is to run off true time. Faults: SIGKILL, SIGSTOP/SIGCONT, a clock offset from a (re)start.
 */
public final class FaultNode implements AutoCloseable {
    private final String id;
    private final int port;
    private final Path dataDir;
    private final Path log;
    private final List<String> settings;
    private final Optional<String> user;
    private final Optional<Path> faketime;
    private Process process;
    private volatile boolean paused;
    private volatile long clockOffsetSeconds;

    public FaultNode(
            String id, int port, Path dir, List<String> settings, Optional<String> user, Optional<Path> faketime) {
        this.id = id;
        this.port = port;
        this.dataDir = dir.resolve(id);
        this.log = dir.resolve(id + ".log");
        this.settings = List.copyOf(settings);
        this.user = user;
        this.faketime = faketime;
    }

    public String id() {
        return id;
    }

    public int port() {
        return port;
    }

    Optional<String> user() {
        return user;
    }

    public String base() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts the JVM (again, on the same data directory after a kill). */
    public synchronized void start() throws IOException {
        String jar = System.getProperty("ringkv.jar");
        if (jar == null || !Files.exists(Path.of(jar))) {
            throw new IllegalStateException("-Dringkv.jar must name the built jar (run through ./mvnw verify): " + jar);
        }
        Files.createDirectories(dataDir);
        List<String> command = new ArrayList<>();
        if (user.isPresent()) {
            Host.run("chown", "-R", user.get() + ":" + user.get(), dataDir.toString());
            command.addAll(List.of("setpriv", "--reuid=" + user.get(), "--regid=" + user.get(), "--init-groups", "--"));
        }
        if (faketime.isPresent() && clockOffsetSeconds != 0) {
            // Preloaded into the JVM only (through env, after setpriv): libfaketime in a process that
            // then changes user cannot reopen what it set up as the first user. A fixed offset from
            // the start: the monotonic clock moves by the same constant, so durations stay true.
            command.addAll(List.of(
                    "env",
                    "LD_PRELOAD=" + faketime.get(),
                    "FAKETIME=" + (clockOffsetSeconds > 0 ? "+" : "") + clockOffsetSeconds + "s",
                    "FAKETIME_DISABLE_SHM=1",
                    "NO_FAKE_STAT=1"));
        }
        command.addAll(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms64m",
                "-Xmx256m",
                "-XX:+UseSerialGC",
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + dataDir,
                "-jar",
                jar,
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--ringkv.node-id=" + id,
                "--ringkv.data-dir=" + dataDir,
                "--ringkv.cluster.advertised-address=127.0.0.1:" + port,
                "--spring.main.banner-mode=off"));
        command.addAll(settings);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        process = builder.start();
        paused = false;
    }

    /** SIGKILL: nothing is flushed, closed or announced. */
    public synchronized void kill() throws InterruptedException {
        if (process != null) {
            if (paused) {
                signal("CONT");
            }
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            process = null;
            paused = false;
        }
    }

    /** SIGSTOP: the process freezes; the kernel still accepts connections to its port. */
    synchronized void pause() {
        signal("STOP");
        paused = true;
    }

    /** SIGCONT. */
    synchronized void resume() {
        signal("CONT");
        paused = false;
    }

    public boolean alive() {
        Process p = process;
        return p != null && p.isAlive();
    }

    /**
     * Sets the offset of this node's wall clock from true time, in seconds, from its next start on
     * (0: true time). Only where libfaketime is installed.
     */
    void setClockOffset(long seconds) {
        if (faketime.isEmpty()) {
            throw new IllegalStateException("libfaketime is not installed");
        }
        clockOffsetSeconds = seconds;
    }

    /** Whether libfaketime is installed, so {@link #setClockOffset} works. */
    boolean canSkew() {
        return faketime.isPresent();
    }

    long clockOffsetSeconds() {
        return clockOffsetSeconds;
    }

    private void signal(String name) {
        Process p = process;
        if (p == null) {
            throw new IllegalStateException(id + " is not running");
        }
        int code = Host.run("kill", "-" + name, Long.toString(p.pid()));
        if (code != 0) {
            throw new IllegalStateException("kill -" + name + " " + p.pid() + " failed: " + code);
        }
    }

    /** The last lines of the node's log, for a failure message. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public void close() throws InterruptedException {
        kill();
    }
}
