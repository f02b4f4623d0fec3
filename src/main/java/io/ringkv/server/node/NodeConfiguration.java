package io.ringkv.server.node;

import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.membership.Claimant;
import io.ringkv.membership.RangeStats;
import io.ringkv.membership.RingKeeper;
import io.ringkv.node.NodeAssembly;
import io.ringkv.node.NodeSettings;
import io.ringkv.port.Clock;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.PurgeHorizon;
import io.ringkv.repair.RepairLedger;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.NodeIncarnation;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.cluster.ClaimantCalls;
import io.ringkv.server.cluster.ClusterConfiguration;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.VirtualThreads;
import io.ringkv.server.transfer.OkHttpStreamTransport;
import io.ringkv.server.transfer.TransferConfiguration;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import io.ringkv.storage.StorageEngine;
import io.ringkv.transfer.RangeSource;
import io.ringkv.transfer.TransferScheduler;
import io.ringkv.transfer.TransferWork;
import java.io.IOException;
import java.security.SecureRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The node itself, assembled by {@link NodeAssembly} (as the simulation and the tests assemble it)
 * over the production adapters: files through {@link ChannelFileIO}, peers over OkHttp, gossip's view
 * of who is up, the membership's ring. Its parts are beans for the edge to use. Apart from hinted
 * handoff, which its bean starts and stops, none has a destroy method of its own: closing the
 * assembly stops and closes them in order, after every bean that uses them is gone.
 */
@Configuration(proxyBeanMethods = false)
public class NodeConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(NodeConfiguration.class);

    /** The settings of the node's parts, from the ringkv.* properties. */
    static NodeSettings settings(RingkvProperties p) {
        RingkvProperties.Limits limits = p.limits();
        return new NodeSettings(
                p.toStorageOptions(),
                p.dataDir().resolve("repair"),
                p.dataDir().resolve("hints"),
                p.bucketDefaults().toBucketProps(),
                new ReplicaLimits(
                        limits.siblingsWarn(),
                        limits.siblingsMax(),
                        limits.objectWarnSize().toBytes(),
                        limits.objectMaxSize().toBytes()),
                p.storage().objectCacheSize().toBytes(),
                p.storage().tombstoneGrace().toMillis(),
                p.repair().clockSkewAllowance().toMillis(),
                p.handoff().window().toMillis(),
                p.handoff().maxBacklogPerTarget().toBytes(),
                p.handoff().rate().toBytes(),
                p.cluster().requestTimeout().toMillis(),
                p.cluster().replicaCallsPerPeer(),
                p.cluster().replicaBatchSize(),
                p.repair().treeMaxAge().toNanos(),
                p.repair().maxAnswerSize().toBytes(),
                p.repair().scanRate());
    }

    /** How transfers into this node run, from ringkv.transfer.*. */
    static TransferScheduler.Settings transferSettings(RingkvProperties p) {
        RingkvProperties.Transfer t = p.transfer();
        return new TransferScheduler.Settings(
                t.rate().toBytes(),
                t.maxConcurrent(),
                Math.toIntExact(t.chunkBytes().toBytes()),
                500_000_000L,
                30_000_000_000L,
                3,
                p.repair().operationsKept());
    }

    /**
     * Virtual threads for synchronous calls to other replicas, where the JVM has them and the
     * setting allows; empty otherwise (calls are then enqueued on OkHttp's dispatcher).
     */
    @Bean
    ReplicaCallThreads replicaCallThreads(RingkvProperties properties) {
        return new ReplicaCallThreads(
                properties.cluster().virtualThreadCalls()
                        ? VirtualThreads.perTaskExecutor().orElse(null)
                        : null);
    }

    /** The executor of {@link #replicaCallThreads}, shut down with the node. */
    record ReplicaCallThreads(@Nullable ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    /**
     * The incarnation of this node on its data directory, in {@code <data-dir>/node}: a new one after
     * an unclean stop or on a new directory (see {@link NodeIncarnation}).
     */
    @Bean
    NodeIncarnation nodeIncarnation(RingkvProperties properties) throws IOException {
        NodeIncarnation incarnation = NodeIncarnation.start(
                ChannelFileIO.INSTANCE, properties.dataDir().resolve("node"), properties.nodeId(), new SecureRandom());
        LOG.info(
                "dots of this node are issued as {} ({})",
                incarnation.actor(),
                incarnation.renewed() ? "a new incarnation" : "the incarnation a clean stop left");
        return incarnation;
    }

    /**
     * The node; once built, its membership work starts (the claimant's checks and the transfer
     * work, every gossip interval); closed last of its parts.
     */
    @Bean(initMethod = "startMembership", destroyMethod = "close")
    NodeAssembly node(
            RingkvProperties properties,
            NodeIncarnation incarnation,
            Clock clock,
            MicrometerMetrics metrics,
            Partitioner partitioner,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            @Qualifier("storageScheduler") ExecutorScheduler storageScheduler,
            @Qualifier("transferScheduler") ExecutorScheduler transferScheduler,
            ClusterMembership membership,
            NodeGossip gossip,
            RingKeeper ringKeeper,
            okhttp3.OkHttpClient clusterHttpClient,
            ReplicaCallThreads callThreads,
            OkHttpStreamTransport streams,
            RangeStats rangeStats,
            ObjectProvider<ClaimantCalls> claimantCalls,
            ObjectProvider<BucketCatalog> catalog)
            throws IOException {
        LOG.info(
                "requests to other replicas run {}",
                callThreads.executor() != null
                        ? "as synchronous calls on virtual threads"
                        : "as asynchronous calls on OkHttp's dispatcher");
        String self = properties.nodeId();
        return NodeAssembly.builder(self, settings(properties))
                .incarnation(incarnation)
                .clock(clock)
                .scheduler(clusterScheduler)
                .storageScheduler(storageScheduler)
                .fileIO(ChannelFileIO.INSTANCE)
                .metrics(metrics)
                .partitioner(partitioner)
                .peers(new OkHttpReplicaTransport(clusterHttpClient, callThreads.executor(), membership::baseUrl))
                .placement(membership)
                .readFanout(readFanout(properties.cluster()))
                .isUp(gossip::isUp)
                .isMember(node -> ClusterConfiguration.isMember(membership.view(), gossip.members(), node))
                .downSinceMillis(gossip::downSinceMillis)
                .hintRoutes((target, bucket, key) -> ClusterConfiguration.hintRoute(
                        membership.view(), b -> catalog.getObject().props(b).n(), target, bucket, key))
                .membership(new NodeAssembly.Membership(
                        ringKeeper,
                        properties.cluster().name(),
                        properties.ring().nVal(),
                        gossip::offerRing,
                        rangeStats,
                        () -> TransferConfiguration.announced(membership, gossip, self),
                        streams,
                        // Built after the node (it needs the claimant): looked up per report.
                        (startVersion, transfer) -> claimantCalls.getObject().done(startVersion, transfer),
                        transferScheduler,
                        transferSettings(properties),
                        properties.transfer().sourceDownGrace().toMillis(),
                        properties.cluster().gossipInterval().toNanos()))
                .build();
    }

    private static ReadFanout readFanout(RingkvProperties.Cluster cluster) {
        if (cluster.readFanout() == RingkvProperties.ReadFanoutKind.ALL) {
            return ReadFanout.everyReplica();
        }
        return ReadFanout.quorum(
                cluster.speculativeRetry().toNanos(), cluster.readRepairChance(), () -> ThreadLocalRandom.current()
                        .nextDouble());
    }

    @Bean(destroyMethod = "")
    StorageEngine storageEngine(NodeAssembly node) {
        return node.engine();
    }

    @Bean
    RepairLedger repairLedger(NodeAssembly node) {
        return node.ledger();
    }

    @Bean
    PurgeHorizon purgeHorizon(NodeAssembly node) {
        return node.purgeHorizon();
    }

    @Bean
    BucketCatalog bucketCatalog(NodeAssembly node) {
        return node.catalog();
    }

    @Bean
    ReplicaStore replicaStore(NodeAssembly node) {
        return node.store();
    }

    @Bean(destroyMethod = "")
    HintLog hintLog(NodeAssembly node) {
        return node.hintLog();
    }

    @Bean
    HintWindow hintWindow(NodeAssembly node) {
        return node.hintWindow();
    }

    @Bean
    ReplicaService replicaService(NodeAssembly node) {
        return node.service();
    }

    /** This node's replica in process, the others over HTTP (batched per peer). */
    @Bean
    ReplicaTransport replicaTransport(NodeAssembly node) {
        return node.replicaTransport();
    }

    @Bean
    PartitionDigests partitionDigests(NodeAssembly node) {
        return node.digests();
    }

    @Bean
    Coordinator coordinator(NodeAssembly node) {
        return node.coordinator();
    }

    /** The one node that makes ring versions, when this node is it (docs/membership.md). */
    @Bean
    Claimant claimant(NodeAssembly node) {
        return node.claimant();
    }

    @Bean
    RangeSource rangeSource(NodeAssembly node) {
        return node.rangeSource();
    }

    @Bean(destroyMethod = "")
    TransferWork transferWork(NodeAssembly node) {
        return node.transferWork();
    }

    @Bean
    TransferScheduler transfers(NodeAssembly node) {
        return node.transferWork().transfers();
    }

    /**
     * Offers hints to their replicas once gossip sees them up, throttled; drops those of nodes that
     * are no longer members of the ring or that gossip sees LEFT.
     */
    @Bean(destroyMethod = "stop")
    HintedHandoff hintedHandoff(NodeAssembly node, RingkvProperties properties) {
        node.handoff().start(properties.handoff().interval().toNanos());
        return node.handoff();
    }
}
