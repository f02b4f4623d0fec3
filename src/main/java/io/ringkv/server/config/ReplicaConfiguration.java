package io.ringkv.server.config;

import io.ringkv.ring.Partitioner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** How keys map to partitions: the ring's partition count, fixed for the cluster's life. */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {
    @Bean
    Partitioner partitioner(RingkvProperties properties) {
        return new Partitioner(properties.ring().partitions());
    }
}
