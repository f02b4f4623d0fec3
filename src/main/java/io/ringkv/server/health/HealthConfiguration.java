package io.ringkv.server.health;

import io.ringkv.handoff.HintLog;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.storage.StorageEngine;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Registers the node's health indicators; the bean name gives the component its name. */
@Configuration(proxyBeanMethods = false)
class HealthConfiguration {

    /** Reported as the {@code storage} component of /actuator/health. */
    @Bean
    StorageHealthIndicator storageHealthIndicator(StorageEngine engine, RingkvProperties properties, HintLog hintLog) {
        return new StorageHealthIndicator(engine, ChannelFileIO.INSTANCE, properties, hintLog::failure);
    }
}
