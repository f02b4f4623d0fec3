package io.ringkv.server.repair;

import io.ringkv.node.NodeAssembly;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.TreeFile;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.transport.OkHttpRepairTransport;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;
import java.util.List;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Active anti-entropy in the node: this replica's partition digests, the exchanges and their schedule. */
@Configuration(proxyBeanMethods = false)
public class RepairConfiguration {
    /** Margin of a key-list answer over its bound (the leaf that passes it is sent whole). */
    private static final long ANSWER_MARGIN_BYTES = 64L << 20;

    /** Where exchanges' local work (scans, merges) runs: off the request and transport threads. */
    @Bean(destroyMethod = "close")
    ExecutorScheduler repairScheduler(RingkvProperties properties) {
        return new ExecutorScheduler("ringkv-repair", properties.repair().concurrency());
    }

    /**
     * The trees saved when the node last stopped, loaded at start when no write reached the engine
     * since; saved again when the node stops (after anti-entropy has stopped, the engine flushed).
     */
    @Bean
    SavedTrees savedTrees(PartitionDigests digests, StorageEngine engine, RingkvProperties properties)
            throws IOException {
        SavedTrees saved = new SavedTrees(
                new TreeFile(ChannelFileIO.INSTANCE, properties.dataDir().resolve("repair")), digests, engine);
        saved.load();
        return saved;
    }

    /** Loads and saves the partition trees around the node's life. */
    static final class SavedTrees implements DisposableBean {
        private static final System.Logger LOG = System.getLogger(SavedTrees.class.getName());
        private final TreeFile file;
        private final PartitionDigests digests;
        private final StorageEngine engine;

        SavedTrees(TreeFile file, PartitionDigests digests, StorageEngine engine) {
            this.file = file;
            this.digests = digests;
            this.engine = engine;
        }

        void load() throws IOException {
            int loaded = file.load(digests, engine::lastSequence);
            LOG.log(System.Logger.Level.INFO, "Merkle trees loaded from the last stop: " + loaded);
        }

        @Override
        public void destroy() {
            try {
                engine.flush(); // what the trees were built from is durable before they are
                int saved = file.save(digests, engine.lastSequence());
                LOG.log(System.Logger.Level.INFO, "Merkle trees saved: " + saved);
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "Merkle trees not saved: " + e.getMessage());
            }
        }
    }

    /** Anti-entropy of the node's partitions with their other replicas; started unless turned off. */
    @Bean(destroyMethod = "stop")
    AntiEntropy antiEntropy(
            SavedTrees savedTrees,
            NodeAssembly node,
            RingkvProperties properties,
            Partitioner partitioner,
            ClusterMembership membership,
            NodeGossip gossip,
            OkHttpClient clusterHttpClient,
            @Qualifier("repairScheduler") ExecutorScheduler repairScheduler) {
        RingkvProperties.Repair repair = properties.repair();
        AntiEntropy antiEntropy = node.antiEntropy(
                new AntiEntropy.Settings(
                        repair.interval().toNanos(),
                        repair.rate().toBytes(),
                        repair.concurrency(),
                        properties.cluster().requestTimeout().toNanos(),
                        repair.operationsKept(),
                        repair.batchSize()),
                new OkHttpRepairTransport(
                        clusterHttpClient,
                        membership::baseUrl,
                        repair.maxAnswerSize().toBytes() + ANSWER_MARGIN_BYTES),
                new AntiEntropy.Replicas() {
                    @Override
                    public int partitions() {
                        return partitioner.partitions();
                    }

                    @Override
                    public List<String> replicas(int partition, int n) {
                        return membership.requireView().placement().partitionReplicas(partition, n);
                    }

                    @Override
                    public boolean isUp(String node) {
                        return gossip.isUp(node);
                    }
                },
                repairScheduler);
        if (repair.enabled()) {
            antiEntropy.start();
        }
        return antiEntropy;
    }
}
