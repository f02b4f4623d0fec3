package io.ringkv.server.config;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.port.Clock;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.compaction.PurgeGate;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's storage engine on the production adapters; closed (and so flushed) on shutdown. */
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

    /** Depends on the scheduler, so Spring closes the engine before the scheduler. */
    @Bean(destroyMethod = "close")
    StorageEngine storageEngine(
            RingkvProperties properties,
            @Qualifier("storageScheduler") ExecutorScheduler scheduler,
            MicrometerMetrics metrics,
            Clock clock,
            ObjectProvider<PurgeGate> purgeGate)
            throws IOException {
        StorageEnvironment env = new StorageEnvironment(ChannelFileIO.INSTANCE, clock, scheduler, metrics);
        return StorageEngine.open(
                properties.toStorageOptions().toBuilder()
                        .purgeGate(purgeGate.getIfAvailable(() -> PurgeGate.NONE))
                        .build(),
                env);
    }
}
