package io.ringkv.server.transfer;

import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RangeStats;
import io.ringkv.port.Clock;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.ClusterView;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.transfer.TransferDuties;
import java.util.HashSet;
import java.util.Set;
import okhttp3.OkHttpClient;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Range streaming in the node (docs/transfer.md): the transport to other nodes' ranges, plan
 * estimates and the scheduler transfers run on; the transfers themselves are the node's ({@link
 * io.ringkv.server.node.NodeConfiguration}).
 */
@Configuration(proxyBeanMethods = false)
public class TransferConfiguration {
    /** Margin of a chunk answer over its budget: the object that passes it comes whole. */
    private static final long ANSWER_MARGIN_BYTES = 64L << 20;

    /** Where transfers merge and drops delete: off the request and transport threads. */
    @Bean(destroyMethod = "close")
    ExecutorScheduler transferScheduler(RingkvProperties properties) {
        return new ExecutorScheduler("ringkv-transfer", properties.transfer().maxConcurrent() + 1);
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

    /** The ring versions the members gossip sees UP announce, this node's own included. */
    public static TransferDuties.Announced announced(ClusterMembership membership, NodeGossip gossip, String self) {
        ClusterView view = membership.view();
        long own = view == null ? 0 : view.ring().version();
        long lowest = own;
        long highest = own;
        Set<String> up = new HashSet<>();
        up.add(self);
        for (Gossiper.Member m : gossip.members()) {
            if (m.status() == MemberStatus.UP && !m.state().node().equals(self)) {
                lowest = Math.min(lowest, m.state().ringVersion());
                highest = Math.max(highest, m.state().ringVersion());
                up.add(m.state().node());
            }
        }
        return new TransferDuties.Announced(lowest, highest, up);
    }
}
