package io.ringkv.deploy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Maps the host names of a container network onto this machine: each host gets its own loopback
 * address (127.0.1.x) and every node one port that is free on all of them, so a node started from a
 * container's environment can be reached where its peers expect it. The rewriting touches only
 * what differs between a container and this machine: {@code host:containerPort} pairs, the port
 * itself and the data directory; every other setting is passed as it is.
 */
final class Loopback {
    private final Map<String, String> addresses = new LinkedHashMap<>();
    private final int containerPort;
    private final int port;

    Loopback(List<String> hosts, int containerPort) throws IOException {
        for (int i = 0; i < hosts.size(); i++) {
            addresses.put(hosts.get(i), "127.0.1." + (i + 1));
        }
        this.containerPort = containerPort;
        this.port = freePort(List.copyOf(addresses.values()));
    }

    String address(String host) {
        return addresses.get(host);
    }

    int port() {
        return port;
    }

    /**
     * The environment a container with {@code host} as its name would get, moved to this machine:
     * host names replaced by loopback addresses, the container port by {@link #port()},
     * {@code containerDataDir} by {@code dataDir}, and {@code SERVER_ADDRESS} set to the host's
     * address (in a container the node has the network interface to itself).
     */
    Map<String, String> relocate(String host, Map<String, String> env, String containerDataDir, Path dataDir) {
        Map<String, String> moved = new LinkedHashMap<>();
        env.forEach((name, value) -> {
            String v = value;
            for (Map.Entry<String, String> a : addresses.entrySet()) {
                v = v.replaceAll(
                        "(?<![A-Za-z0-9.-])" + Pattern.quote(a.getKey() + ":" + containerPort) + "(?![0-9])",
                        Matcher.quoteReplacement(a.getValue() + ":" + port));
            }
            if (name.equals("SERVER_PORT") && v.equals(String.valueOf(containerPort))) {
                v = String.valueOf(port);
            }
            v = v.replace(containerDataDir, dataDir.toString());
            for (String h : addresses.keySet()) {
                // an address of that host on another port would reach nothing here
                if (v.matches(".*(?<![A-Za-z0-9.-])" + Pattern.quote(h) + ":.*")) {
                    throw new IllegalStateException(name + "=" + value + " names host " + h + " in a way this test"
                            + " cannot map (not " + h + ":" + containerPort + ")");
                }
            }
            moved.put(name, v);
        });
        moved.put("SERVER_ADDRESS", addresses.get(host));
        return moved;
    }

    private static int freePort(List<String> addresses) throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int candidate;
            try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getByName(addresses.get(0)))) {
                candidate = probe.getLocalPort();
            }
            if (freeEverywhere(addresses, candidate)) {
                return candidate;
            }
        }
        throw new IOException("no port free on every one of " + addresses);
    }

    private static boolean freeEverywhere(List<String> addresses, int port) {
        for (String address : addresses) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress(InetAddress.getByName(address), port));
            } catch (IOException e) {
                return false;
            }
        }
        return true;
    }
}
