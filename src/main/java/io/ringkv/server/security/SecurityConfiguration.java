package io.ringkv.server.security;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.port.Clock;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.internal.InternalController;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security of a node (docs/security.md): internal call signatures and the request gates. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties({SecurityProperties.class, BoundsProperties.class})
public class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    InternalCalls internalCalls(
            SecurityProperties security, RingkvProperties properties, Clock clock, ObjectProvider<SslBundles> bundles) {
        SslBundle tls = null;
        if (!security.internalSslBundle().isBlank()) {
            SslBundles all = bundles.getIfAvailable();
            if (all == null) {
                throw new IllegalStateException("ringkv.security.internal-ssl-bundle is set but no SSL bundles are"
                        + " configured (spring.ssl.bundle.*)");
            }
            tls = all.getBundle(security.internalSslBundle().trim());
            LOG.info(
                    "calls to other nodes use TLS with SSL bundle '{}'",
                    security.internalSslBundle().trim());
        }
        List<String> secrets = security.clusterSecrets();
        if (secrets.isEmpty()) {
            LOG.warn("no cluster secret (ringkv.security.cluster-secret): internal calls (/internal/*) are"
                    + " accepted from loopback clients only, so this node forms a cluster only with nodes"
                    + " on this machine");
            return new InternalCalls(null, tls);
        }
        LOG.info(
                "internal calls are signed with the cluster secret{}",
                secrets.size() > 1 ? "; the previous secret is accepted too" : "");
        return new InternalCalls(new RequestSigner(new InternalSignature(secrets), properties.nodeId(), clock), tls);
    }

    /**
     * The gates, in order: per plane, the concurrency bound first (a shed request costs nothing
     * more), then for internal calls the body budget and the signature, for client requests the
     * API key and its roles, then the bucket bound.
     */
    @Bean
    SecurityFilters securityFilters(
            SecurityProperties security,
            BoundsProperties bounds,
            RingkvProperties properties,
            BucketCatalog catalog,
            ClusterMembership membership,
            Clock clock,
            MeterRegistry registry) {
        List<String> secrets = security.clusterSecrets();
        long maxBody = InternalController.maxBodyBytes(properties);
        List<Filter> filters = new ArrayList<>();
        filters.add(Plane.INTERNAL.only(new ConcurrencyLimit(
                bounds.maxInternalRequests(), "internal", "ringkv.bounds.max-internal-requests", registry)));
        filters.add(Plane.INTERNAL.only(
                new InternalBodyBudget(bounds.internalBodyBudget().toBytes(), maxBody)));
        ReplayGuard replays = null;
        if (!secrets.isEmpty()) {
            ReplayGuard guard = new ReplayGuard(security.replayWindow().toMillis(), security.replayMaxRuns());
            Gauge.builder("ringkv.security.replay.runs", guard, ReplayGuard::runs)
                    .description("signing runs (sender node and run id) tracked for the replay check")
                    .register(registry);
            replays = guard;
        }
        filters.add(Plane.INTERNAL.only(new InternalAuthFilter(
                secrets.isEmpty() ? null : new InternalSignature(secrets),
                membership::selfAddress,
                clock,
                security.replayWindow().toMillis(),
                replays,
                maxBody,
                new Refusals(registry, "internal"))));
        filters.add(Plane.CLIENT.only(new ConcurrencyLimit(
                bounds.maxClientRequests(), "client", "ringkv.bounds.max-client-requests", registry)));
        filters.add(Plane.external(new ClientAuthFilter(
                clientKeys(security),
                security.allowUnauthenticatedClients(),
                security.metricsOpen(),
                new Refusals(registry, "client"))));
        filters.add(Plane.CLIENT.only(new BucketLimit(catalog, bounds.maxBuckets())));
        return new SecurityFilters(filters);
    }

    /** The API-key scheme and each operation's required roles in the OpenAPI document. */
    @Bean
    OpenApiCustomizer apiKeyDocs() {
        return new ApiKeyDocs();
    }

    private static ClientKeys clientKeys(SecurityProperties security) {
        ClientKeys keys = ClientKeys.of(security.clients());
        if (!keys.isEmpty()) {
            LOG.info("client API: {} API keys; a request without a valid key is refused (401)", keys.size());
        } else if (security.allowUnauthenticatedClients()) {
            LOG.warn("no client keys (ringkv.security.clients) and ringkv.security.allow-unauthenticated-clients"
                    + " is true: any client that reaches this node may read, write and administer it");
        } else {
            LOG.info("no client keys (ringkv.security.clients): the client API answers loopback clients only"
                    + " (protected mode); probes and pings stay open");
        }
        return keys;
    }
}
