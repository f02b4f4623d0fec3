package io.ringkv.server.transfer;

import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RangeStats;
import io.ringkv.port.Clock;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.ClusterView;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.transfer.RangeDropper;
import io.ringkv.transfer.RangeSizes;
import io.ringkv.transfer.RangeSource;
import io.ringkv.transfer.TransferDuties;
import io.ringkv.transfer.TransferReports;
import io.ringkv.transfer.TransferScheduler;
import okhttp3.OkHttpClient;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Range streaming in the node (docs/transfer.md): the source side, sizes, transfers and drops. */
@Configuration(proxyBeanMethods = false)
public class TransferConfiguration {
    /** A range's size is counted again after this long when it has had writes. */
    private static final long SIZES_MAX_AGE_NANOS = 60_000_000_000L;
    /** Margin of a chunk answer over its budget: the object that passes it comes whole. */
    private static final long ANSWER_MARGIN_BYTES = 64L << 20;

    /** Where transfers merge and drops delete: off the request and transport threads. */
    @Bean(destroyMethod = "close")
    ExecutorScheduler transferScheduler(RingkvProperties properties) {
        return new ExecutorScheduler("ringkv-transfer", properties.transfer().maxConcurrent() + 1);
    }

    @Bean
    RangeSizes rangeSizes(ReplicaStore store, Clock clock) {
        return new RangeSizes(store, clock, SIZES_MAX_AGE_NANOS);
    }

    @Bean
    RangeSource rangeSource(ReplicaStore store, RangeSizes sizes, RingkvProperties properties) {
        return new RangeSource(
                store, sizes, Math.toIntExact(properties.transfer().chunkBytes().toBytes()));
    }

    /** Range chunks and sizes from other nodes, over the signed internal plane. */
    @Bean
    OkHttpStreamTransport streamTransport(
            RingkvProperties properties, ClusterMembership membership, OkHttpClient clusterHttpClient) {
        return new OkHttpStreamTransport(
                clusterHttpClient,
                membership::baseUrl,
                properties.transfer().chunkBytes().toBytes() + ANSWER_MARGIN_BYTES);
    }

    /** A plan's estimates of what each transfer moves, asked of the sources. */
    @Bean
    RangeStats rangeStats(OkHttpStreamTransport streamTransport, Clock clock) {
        return new RemoteRangeStats(streamTransport, clock);
    }

    @Bean(destroyMethod = "close")
    TransferWiring transferWiring(
            RingkvProperties properties,
            ReplicaStore store,
            ClusterMembership membership,
            NodeGossip gossip,
            OkHttpStreamTransport transport,
            @Qualifier("transferScheduler") ExecutorScheduler transferScheduler,
            Clock clock,
            MicrometerMetrics metrics,
            TransferReports reports) {
        RingkvProperties.Transfer settings = properties.transfer();
        TransferWiring wiring = new TransferWiring(
                properties.nodeId(),
                () -> {
                    ClusterView view = membership.view();
                    return view == null ? null : view.ring();
                },
                () -> announced(membership, gossip, properties.nodeId()),
                () -> maxN(store),
                completion -> new TransferScheduler(
                        store,
                        transport,
                        transferScheduler,
                        clock,
                        metrics,
                        new TransferScheduler.Settings(
                                settings.rate().toBytes(),
                                settings.maxConcurrent(),
                                Math.toIntExact(settings.chunkBytes().toBytes()),
                                500_000_000L,
                                30_000_000_000L,
                                3,
                                properties.repair().operationsKept()),
                        completion),
                new RangeDropper(store, metrics),
                reports,
                transferScheduler,
                clock::nanos);
        wiring.start(properties.cluster().gossipInterval().toNanos());
        return wiring;
    }

    @Bean
    TransferScheduler transfers(TransferWiring wiring) {
        return wiring.transfers();
    }

    /** The ring versions the members gossip sees UP announce, this node's own included. */
    public static TransferDuties.Announced announced(ClusterMembership membership, NodeGossip gossip, String self) {
        ClusterView view = membership.view();
        long own = view == null ? 0 : view.ring().version();
        long lowest = own;
        long highest = own;
        for (Gossiper.Member m : gossip.members()) {
            if (m.status() == MemberStatus.UP && !m.state().node().equals(self)) {
                lowest = Math.min(lowest, m.state().ringVersion());
                highest = Math.max(highest, m.state().ringVersion());
            }
        }
        return new TransferDuties.Announced(lowest, highest);
    }

    /** The longest preference list of any bucket this node knows (the defaults' included). */
    static int maxN(ReplicaStore store) {
        int n = store.catalog().defaults().n();
        for (String bucket : store.catalog().buckets()) {
            n = Math.max(n, store.catalog().props(bucket).n());
        }
        return n;
    }
}
