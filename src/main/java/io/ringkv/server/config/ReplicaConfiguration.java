package io.ringkv.server.config;

import io.ringkv.kv.Hlc;
import io.ringkv.port.Clock;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.NodeIncarnation;
import io.ringkv.replica.PurgeHorizons;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;
import java.security.SecureRandom;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node's replica of its keys and its bucket catalog, over the storage engine. */
@Configuration(proxyBeanMethods = false)
public class ReplicaConfiguration {
    private static final System.Logger LOG = System.getLogger(ReplicaConfiguration.class.getName());

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

    /**
     * The incarnation of this node on its data directory, in {@code <data-dir>/node}; a new one after
     * an unclean stop or on a new directory (see {@link NodeIncarnation}).
     */
    @Bean(destroyMethod = "close")
    CleanStop cleanStop(StorageEngine engine, RingkvProperties properties) throws IOException {
        NodeIncarnation incarnation = NodeIncarnation.start(
                ChannelFileIO.INSTANCE, properties.dataDir().resolve("node"), properties.nodeId(), new SecureRandom());
        LOG.log(
                System.Logger.Level.INFO,
                "dots of this node are issued as {0} ({1})",
                incarnation.actor(),
                incarnation.renewed() ? "a new incarnation" : "the incarnation a clean stop left");
        return new CleanStop(engine, incarnation);
    }

    @Bean
    ReplicaStore replicaStore(
            CleanStop cleanStop,
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
                cleanStop.incarnation().actor(),
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
