package io.ringkv.server.config;

import io.ringkv.port.Clock;
import io.ringkv.server.runtime.SystemClock;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's one clock: the storage engine, the replica and the API all read time from it. */
@Configuration(proxyBeanMethods = false)
public class ClockConfiguration {

    @Bean
    Clock clock() {
        return SystemClock.INSTANCE;
    }
}
