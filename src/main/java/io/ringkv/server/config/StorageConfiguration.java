package io.ringkv.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ExecutorScheduler;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where the storage engine's flushes, compactions and syncs run, and the metrics registry of the
 * node's parts; the engine itself is the node's ({@link io.ringkv.server.node.NodeConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(RingkvProperties.class)
public class StorageConfiguration {

    /** Flushes, compactions and periodic syncs run here; stopped after the engine is closed. */
    @Bean(destroyMethod = "close")
    ExecutorScheduler storageScheduler(RingkvProperties properties) {
        return new ExecutorScheduler("ringkv-storage", properties.storage().backgroundThreads());
    }

    @Bean
    MicrometerMetrics storageMetrics(MeterRegistry registry) {
        return new MicrometerMetrics(registry);
    }
}
