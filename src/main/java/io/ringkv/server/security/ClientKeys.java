package io.ringkv.server.security;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * The API keys clients present ({@code Authorization: Bearer <key>}), each with its client's name
 * and roles. Keys are held and looked up by their SHA-256 digest.
 */
final class ClientKeys {
    /** The shortest key accepted. */
    static final int MIN_KEY_LENGTH = 16;

    record Client(String name, Roles roles) {}

    private final Map<String, Client> byDigest;

    private ClientKeys(Map<String, Client> byDigest) {
        this.byDigest = Map.copyOf(byDigest);
    }

    static ClientKeys of(List<SecurityProperties.ClientKey> clients) {
        Map<String, Client> map = new HashMap<>();
        for (SecurityProperties.ClientKey c : clients) {
            String name = c.name() == null || c.name().isBlank() ? "client" + (map.size() + 1) : c.name();
            if (c.key() == null || c.key().trim().length() < MIN_KEY_LENGTH) {
                throw new IllegalArgumentException("ringkv.security.clients: the key of client '" + name
                        + "' must be at least " + MIN_KEY_LENGTH + " characters");
            }
            Client client = new Client(name, Roles.parse(name, c.roles() == null ? List.of() : c.roles()));
            if (map.put(digest(c.key().trim()), client) != null) {
                throw new IllegalArgumentException("ringkv.security.clients: two clients have the same key");
            }
        }
        return new ClientKeys(map);
    }

    boolean isEmpty() {
        return byDigest.isEmpty();
    }

    int size() {
        return byDigest.size();
    }

    /** The client whose key this is, or null. */
    @Nullable
    Client find(String key) {
        return byDigest.get(digest(key));
    }

    private static String digest(String key) {
        byte[] bytes = key.getBytes(StandardCharsets.UTF_8);
        return HexFormat.of().formatHex(InternalSignature.digest(bytes, 0, bytes.length));
    }
}
