package io.ringkv.server.security;

import java.util.ArrayList;
import java.util.List;

/**
 * What a client may do: {@code read:<buckets>}, {@code write:<buckets>} and {@code admin}, where
 * {@code <buckets>} is a bucket name, a prefix ending in {@code *} or {@code *} for every bucket.
 * Read covers key reads, listings and a bucket's props; write covers key writes and deletes; admin
 * covers everything (bucket props changes, {@code /v1/admin}, cluster operations, health details).
 */
record Roles(List<String> readable, List<String> writable, boolean admin) {
    static Roles parse(String client, List<String> roles) {
        List<String> read = new ArrayList<>();
        List<String> write = new ArrayList<>();
        boolean admin = false;
        for (String raw : roles) {
            String role = raw.trim();
            if (role.equals("admin")) {
                admin = true;
            } else if (role.startsWith("read:") && role.length() > 5) {
                read.add(pattern(client, role.substring(5)));
            } else if (role.startsWith("write:") && role.length() > 6) {
                write.add(pattern(client, role.substring(6)));
            } else {
                throw new IllegalArgumentException("ringkv.security.clients: client '" + client + "' has role '" + role
                        + "'; a role is admin, read:<buckets> or write:<buckets> (a name, a prefix* or *)");
            }
        }
        return new Roles(List.copyOf(read), List.copyOf(write), admin);
    }

    private static String pattern(String client, String pattern) {
        if (pattern.indexOf('*') >= 0 && pattern.indexOf('*') != pattern.length() - 1) {
            throw new IllegalArgumentException(
                    "ringkv.security.clients: client '" + client + "': '*' may only end a bucket pattern: " + pattern);
        }
        return pattern;
    }

    boolean mayRead(String bucket) {
        return admin || matches(readable, bucket);
    }

    boolean mayWrite(String bucket) {
        return admin || matches(writable, bucket);
    }

    private static boolean matches(List<String> patterns, String bucket) {
        for (String p : patterns) {
            if (p.endsWith("*") ? bucket.startsWith(p.substring(0, p.length() - 1)) : bucket.equals(p)) {
                return true;
            }
        }
        return false;
    }

    static final Roles ALL = new Roles(List.of(), List.of(), true);
}
