package io.ringkv.server.cluster;

import io.ringkv.membership.MemberStatus;
import java.util.List;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN until every seed has answered once and the ring is known; then UP with the ring's size and,
 * from gossip, the members this node sees SUSPECT or DOWN (another member being down does not make
 * this node unready).
 */
public class ClusterHealthIndicator extends AbstractHealthIndicator {
    private final ClusterMembership membership;
    private final NodeGossip gossip;

    public ClusterHealthIndicator(ClusterMembership membership, NodeGossip gossip) {
        super("cluster health check failed");
        this.membership = membership;
        this.gossip = gossip;
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) {
        ClusterView view = membership.view();
        builder.withDetail("node", membership.self().id());
        if (view == null) {
            builder.down().withDetail("waitingFor", membership.waitingFor());
        } else {
            builder.up()
                    .withDetail(
                            "members",
                            view.ring().members().stream().map(m -> m.id()).toList())
                    .withDetail("ringVersion", view.ring().version())
                    .withDetail("partitions", view.ring().partitions())
                    .withDetail("suspect", membersIn(MemberStatus.SUSPECT))
                    .withDetail("down", membersIn(MemberStatus.DOWN));
        }
    }

    private List<String> membersIn(MemberStatus status) {
        return gossip.members().stream()
                .filter(m -> m.status() == status)
                .map(m -> m.state().node())
                .toList();
    }
}
