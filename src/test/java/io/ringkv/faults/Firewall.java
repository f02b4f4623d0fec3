package io.ringkv.faults;

import java.util.ArrayList;
import java.util.List;

/**
 * Network partitions between node processes on loopback: each node runs as its own Linux user, and
 * a rule in a chain of this suite's own drops the TCP packets one user sends to another node's port
 * ({@code -m owner --uid-owner}, which matches locally generated packets in OUTPUT). Packets of the
 * test itself (another user) still reach every node, and a node's answers on connections others
 * opened are not matched (their destination is the caller's ephemeral port). {@link #close()} removes
 * the chain and its jump; a shutdown hook does it too if the JVM ends before.
 */
final class Firewall implements AutoCloseable {
    private final String chain;
    private final Thread hook;
    private final List<String> blocked = new ArrayList<>();
    private boolean closed;

    Firewall() {
        this.chain = "RINGKV-FAULTS-" + ProcessHandle.current().pid();
        removeChain();
        iptables("-N", chain);
        iptables("-I", "OUTPUT", "-j", chain);
        this.hook = new Thread(this::removeChain, "firewall-cleanup");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** Drops every TCP packet that {@code fromUser}'s processes send to port {@code toPort} on loopback. */
    synchronized void block(String fromUser, int toPort) {
        iptables(
                "-A",
                chain,
                "-o",
                "lo",
                "-p",
                "tcp",
                "-m",
                "owner",
                "--uid-owner",
                fromUser,
                "--dport",
                Integer.toString(toPort),
                "-j",
                "DROP");
        blocked.add(fromUser + "->" + toPort);
    }

    /** Removes every rule: the nodes reach each other again. */
    synchronized void heal() {
        iptables("-F", chain);
        blocked.clear();
    }

    synchronized List<String> blocked() {
        return List.copyOf(blocked);
    }

    private void iptables(String... args) {
        List<String> command = new ArrayList<>(List.of("iptables", "-w"));
        command.addAll(List.of(args));
        int code = Host.run(command);
        if (code != 0) {
            throw new IllegalStateException("failed (" + code + "): " + String.join(" ", command));
        }
    }

    private void removeChain() {
        while (Host.run("iptables", "-w", "-D", "OUTPUT", "-j", chain) == 0) {
            // a jump inserted twice is removed twice
        }
        Host.run("iptables", "-w", "-F", chain);
        Host.run("iptables", "-w", "-X", chain);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        removeChain();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
