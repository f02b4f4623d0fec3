package io.ringkv.server.security;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMin;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Who may call a node, bound from {@code ringkv.security.*} (docs/security.md).
 *
 * @param clusterSecret the shared secret every internal call is signed with; empty for none (the
 *     node then accepts internal calls from loopback only)
 * @param previousClusterSecret a second secret still accepted (never used to sign), for rotation
 * @param clusterSecretFile a file whose first line is the cluster secret and whose optional second
 *     line is the previous one; used where {@code cluster-secret} is empty
 * @param replayWindow how far a signed call's timestamp may be from this node's clock; a call is
 *     accepted once within it
 * @param replayMaxRuns the most signing runs (a sender node and the run id its signer drew at start)
 *     tracked for the replay check at once; a run is forgotten a replay window after its newest
 *     call. Past it (every run live) the calls of a new run are refused with 503
 * @param clients the API keys of clients, each with a name and roles; empty for none (protected
 *     mode: loopback clients only, unless {@code allowUnauthenticatedClients})
 * @param allowUnauthenticatedClients without client keys, serve clients on other machines too
 * @param metricsOpen whether {@code /actuator/prometheus} answers without an admin key
 * @param internalSslBundle the SSL bundle ({@code spring.ssl.bundle.*}) calls to other nodes use:
 *     its trust material checks their certificates, its key is this node's client certificate;
 *     empty for plain HTTP between nodes
 */
@Validated
@ConfigurationProperties("ringkv.security")
public record SecurityProperties(
        @NotNull @DefaultValue("") String clusterSecret,
        @NotNull @DefaultValue("") String previousClusterSecret,
        @Nullable Path clusterSecretFile,

        @NotNull @DurationMin(seconds = 1) @DefaultValue("30s")
        Duration replayWindow,

        @Min(16) @DefaultValue("4096") int replayMaxRuns,

        @NotNull @DefaultValue List<ClientKey> clients,
        @DefaultValue("false") boolean allowUnauthenticatedClients,
        @DefaultValue("true") boolean metricsOpen,
        @NotNull @DefaultValue("") String internalSslBundle) {

    /**
     * One client's API key.
     *
     * @param name the client's name, in logs and problems
     * @param key the key it presents as {@code Authorization: Bearer <key>} (at least 16 characters)
     * @param roles {@code admin}, {@code read:<buckets>}, {@code write:<buckets>} (a name, a prefix
     *     ending in {@code *}, or {@code *})
     */
    public record ClientKey(
            @Nullable String name,
            @Nullable String key,
            @Nullable List<String> roles) {}

    /** The shortest secret accepted: 16 characters (a secret is meant to be random, e.g. 32 bytes in hex). */
    static final int MIN_SECRET_LENGTH = 16;

    /** The secrets accepted, the one to sign with first; empty when none is configured. */
    public List<String> clusterSecrets() {
        String current = clusterSecret.trim();
        String previous = previousClusterSecret.trim();
        if (current.isEmpty() && clusterSecretFile != null) {
            try {
                List<String> lines = Files.readAllLines(clusterSecretFile, StandardCharsets.UTF_8).stream()
                        .map(String::trim)
                        .filter(line -> !line.isEmpty())
                        .toList();
                current = lines.isEmpty() ? "" : lines.get(0);
                if (previous.isEmpty() && lines.size() > 1) {
                    previous = lines.get(1);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "ringkv.security.cluster-secret-file: cannot read " + clusterSecretFile, e);
            }
        }
        List<String> secrets = new ArrayList<>();
        if (!current.isEmpty()) {
            secrets.add(check("cluster-secret", current));
            if (!previous.isEmpty()) {
                secrets.add(check("previous-cluster-secret", previous));
            }
        } else if (!previous.isEmpty()) {
            throw new IllegalArgumentException(
                    "ringkv.security.previous-cluster-secret is set without ringkv.security.cluster-secret");
        }
        return List.copyOf(secrets);
    }

    private static String check(String name, String secret) {
        if (secret.length() < MIN_SECRET_LENGTH) {
            throw new IllegalArgumentException("ringkv.security." + name + " must be at least " + MIN_SECRET_LENGTH
                    + " characters (it is " + secret.length() + ")");
        }
        return secret;
    }
}
