package io.ringkv.server.cluster;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/** DOWN until every seed has answered once and the ring is known; then UP with the ring's size. */
public class ClusterHealthIndicator extends AbstractHealthIndicator {
    private final ClusterMembership membership;

    public ClusterHealthIndicator(ClusterMembership membership) {
        super("cluster health check failed");
        this.membership = membership;
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
                    .withDetail("partitions", view.ring().partitions());
        }
    }
}
