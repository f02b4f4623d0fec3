package io.ringkv.server.config;

import io.ringkv.kv.Hlc;
import io.ringkv.port.Clock;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.PurgeHorizons;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's replica of its keys and its bucket catalog, over the storage engine. */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {

    @Bean
    Partitioner partitioner(RingkvProperties properties) {
        return new Partitioner(properties.ring().partitions());
    }

    @Bean
    Hlc hlc(Clock clock) {
        return new Hlc(clock);
    }

    @Bean
    BucketCatalog bucketCatalog(StorageEngine engine, RingkvProperties properties) throws IOException {
        return BucketCatalog.load(engine, properties.bucketDefaults().toBucketProps());
    }

    @Bean
    ReplicaStore replicaStore(
            StorageEngine engine,
            BucketCatalog catalog,
            Partitioner partitioner,
            Hlc hlc,
            RingkvProperties properties,
            Clock clock,
            MicrometerMetrics metrics,
            ObjectProvider<PurgeHorizons> purgeHorizons) {
        RingkvProperties.Limits limits = properties.limits();
        ReplicaStore store = new ReplicaStore(
                engine,
                catalog,
                partitioner,
                properties.nodeId(),
                hlc,
                clock,
                new ReplicaLimits(
                        limits.siblingsWarn(),
                        limits.siblingsMax(),
                        limits.objectWarnSize().toBytes(),
                        limits.objectMaxSize().toBytes()),
                properties.storage().objectCacheSize().toBytes(),
                metrics);
        store.purgeHorizons(purgeHorizons.getIfAvailable(() -> PurgeHorizons.NEVER));
        return store;
    }
}
