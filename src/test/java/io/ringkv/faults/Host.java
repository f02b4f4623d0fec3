package io.ringkv.faults;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * What this machine lets the fault suite do: run each node as its own Linux user (root, with
 * {@code useradd} and {@code setpriv}), drop packets with {@code iptables}, and shift one process's
 * wall clock with libfaketime. Each answer carries the reason when it is no.
 */
final class Host {
    static final List<String> FAKETIME_LIBRARIES = List.of(
            "/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1",
            "/usr/lib/faketime/libfaketime.so.1",
            "/usr/local/lib/faketime/libfaketime.so.1");

    private Host() {}

    /** Runs a command; its exit code, or -1 when it cannot be started or does not end in time. */
    static int run(List<String> command) {
        try {
            Process p = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return -1;
            }
            return p.exitValue();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    static int run(String... command) {
        return run(List.of(command));
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** Why nodes cannot run as users of their own, or empty when they can. */
    static Optional<String> whyNoUsers() {
        if (!isRoot()) {
            return Optional.of("the test does not run as root, so it cannot run nodes as other users");
        }
        if (run("setpriv", "--version") != 0) {
            return Optional.of("setpriv (util-linux) is missing");
        }
        return Optional.empty();
    }

    /** Why iptables cannot partition the nodes, or empty when it can. */
    static Optional<String> whyNoPartitions() {
        Optional<String> users = whyNoUsers();
        if (users.isPresent()) {
            return users;
        }
        if (run("iptables", "-w", "-L", "OUTPUT", "-n") != 0) {
            return Optional.of("iptables is missing or not permitted here (`iptables -L OUTPUT` failed)");
        }
        return Optional.empty();
    }

    /** libfaketime's preload library, when installed (Debian: {@code apt-get install faketime}). */
    static Optional<Path> faketimeLibrary() {
        return FAKETIME_LIBRARIES.stream()
                .map(Path::of)
                .filter(Files::isReadable)
                .findFirst();
    }

    /** Creates the system users {@code names} that do not exist yet; false when one cannot be made. */
    static boolean ensureUsers(List<String> names) {
        List<String> failed = new ArrayList<>();
        for (String name : names) {
            if (run("id", "-u", name) != 0
                    && run("useradd", "-r", "-M", "-d", "/nonexistent", "-s", "/usr/sbin/nologin", name) != 0) {
                failed.add(name);
            }
        }
        return failed.isEmpty();
    }
}
