package io.ringkv.server.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/** A node id derived from the host name, for nodes started without {@code ringkv.node-id}. */
final class DefaultNodeId {
    static final String FALLBACK = "node1";

    private DefaultNodeId() {}

    static String fromHostName() {
        try {
            return sanitize(InetAddress.getLocalHost().getHostName());
        } catch (UnknownHostException | SecurityException e) {
            return FALLBACK;
        }
    }

    /** Keeps the first label of a host name, lower-cased, in letters, digits and dashes. */
    static String sanitize(String hostName) {
        if (hostName == null) {
            return FALLBACK;
        }
        String label = hostName.split("\\.", 2)[0].toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]", "-");
        return label.isBlank() || label.chars().allMatch(c -> c == '-') ? FALLBACK : label;
    }
}
