package io.ringkv.server.security;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** Whether a request's remote address is this machine's loopback interface. */
final class Loopback {
    private Loopback() {}

    static boolean is(String remoteAddress) {
        if (remoteAddress == null || remoteAddress.isEmpty()) {
            return false;
        }
        // A literal address only: never resolve a name.
        boolean ipv4 = remoteAddress.matches("[0-9.]+");
        boolean ipv6 = remoteAddress.indexOf(':') >= 0 && remoteAddress.matches("[0-9A-Fa-f:.%\\[\\]]+");
        if (!ipv4 && !ipv6) {
            return false;
        }
        try {
            return InetAddress.getByName(remoteAddress).isLoopbackAddress();
        } catch (UnknownHostException | SecurityException e) {
            return false;
        }
    }
}
