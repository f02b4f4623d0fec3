package io.ringkv.server.config;

import io.ringkv.port.Clock;
import io.ringkv.server.runtime.SystemClock;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's one clock: the storage engine, the replica and the API all read time from it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    /** A test may register its own clock before the context starts; then this one steps aside. */
    @Bean
    @ConditionalOnMissingBean(Clock.class)
    Clock clock() {
        return SystemClock.INSTANCE;
    }
}
