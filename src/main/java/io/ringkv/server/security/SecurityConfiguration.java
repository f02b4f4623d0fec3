package io.ringkv.server.security;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.port.Clock;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.internal.InternalController;
import jakarta.servlet.Filter;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The security of a node (docs/security.md): internal call signatures and the request gates. */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(SecurityProperties.class)
public class SecurityConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(SecurityConfiguration.class);

    @Bean
    InternalCalls internalCalls(SecurityProperties security, RingkvProperties properties, Clock clock) {
        List<String> secrets = security.clusterSecrets();
        if (secrets.isEmpty()) {
            LOG.warn("no cluster secret (ringkv.security.cluster-secret): internal calls (/internal/*) are"
                    + " accepted from loopback clients only, so this node forms a cluster only with nodes"
                    + " on this machine");
            return new InternalCalls(null);
        }
        LOG.info(
                "internal calls are signed with the cluster secret{}",
                secrets.size() > 1 ? "; the previous secret is accepted too" : "");
        return new InternalCalls(new RequestSigner(new InternalSignature(secrets), properties.nodeId(), clock));
    }

    @Bean
    SecurityFilters securityFilters(
            SecurityProperties security, RingkvProperties properties, Clock clock, MeterRegistry registry) {
        List<String> secrets = security.clusterSecrets();
        List<Filter> filters = new ArrayList<>();
        filters.add(new InternalPathFilter(new InternalAuthFilter(
                secrets.isEmpty() ? null : new InternalSignature(secrets),
                clock,
                security.replayWindow().toMillis(),
                security.replayCacheSize(),
                InternalController.maxBodyBytes(properties),
                new Refusals(registry, "internal"))));
        return new SecurityFilters(filters);
    }
}
