package io.ringkv.server.config;

/** A {@code host:port} address of a node, as seeds and advertised addresses are written. */
public record HostPort(String host, int port) {

    /**
     * Parses {@code host:port}; a bracketed IPv6 host ({@code [::1]:8080}) is allowed.
     *
     * @throws IllegalArgumentException naming the setting and the text when it is not one
     */
    public static HostPort parse(String setting, String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0 || colon == text.length() - 1) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not host:port");
        }
        String host = text.substring(0, colon);
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(setting + ": '" + text + "' has no numeric port");
        }
        if (port < 1 || port > 65535 || host.isBlank() || host.contains("/")) {
            throw new IllegalArgumentException(setting + ": '" + text + "' is not host:port with a port of 1-65535");
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
