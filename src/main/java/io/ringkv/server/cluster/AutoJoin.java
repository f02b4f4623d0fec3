package io.ringkv.server.cluster;

import io.ringkv.membership.ClusterChangeRefusedException;
import io.ringkv.ring.Ring;
import io.ringkv.server.cluster.ClaimantMessages.PlanView;
import io.ringkv.server.cluster.ClaimantMessages.Request;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ringkv.cluster.auto-join}: a node with seeds that holds the cluster's ring but is not a
 * member of it asks the claimant to stage its join, and commits the plan once the plan is only that
 * join (changes staged by an operator are left for the operator). Tried every few seconds until the
 * node is a member; a node that has left the cluster does not come back by itself.
 */
public final class AutoJoin {
    private static final Logger LOG = LoggerFactory.getLogger(AutoJoin.class);

    private final String self;
    private final ClusterMembership membership;
    private final ClaimantCalls calls;
    private String lastProblem;

    public AutoJoin(String self, ClusterMembership membership, ClaimantCalls calls) {
        this.self = self;
        this.membership = membership;
        this.calls = calls;
    }

    /** One attempt; returns whether this node is a member (or has left, so there is nothing to do). */
    public synchronized boolean attempt() {
        if (membership.hasLeft()) {
            return true;
        }
        ClusterView view = membership.view();
        if (view == null) {
            return false;
        }
        Ring ring = view.ring();
        if (ring.member(self).isPresent()) {
            return true;
        }
        try {
            List<String> staged = calls.call(
                            new Request(ClaimantMessages.STAGED, null, null, null, null, null, null, null))
                    .staged();
            if (staged.stream().noneMatch(change -> change.startsWith("join " + self + " "))) {
                calls.call(
                        new Request(ClaimantMessages.JOIN, null, calls.describe(null), null, null, null, null, null));
            }
            PlanView plan = calls.call(new Request(ClaimantMessages.PLAN, null, null, null, null, null, null, null))
                    .plan();
            if (plan.changes().size() != 1 || !plan.changes().get(0).startsWith("join " + self + " ")) {
                problem("the claimant has other changes staged (" + plan.changes() + "); waiting for them to be"
                        + " committed or dropped");
                return false;
            }
            long version = calls.call(
                            new Request(ClaimantMessages.COMMIT, null, null, plan.id(), null, null, null, null))
                    .ringVersion();
            LOG.info("node {} joined the cluster by itself (ringkv.cluster.auto-join): ring version {}", self, version);
            return true;
        } catch (ClusterChangeRefusedException | ClaimantUnreachableException | ClusterNotReadyException e) {
            problem(e.getMessage());
            return false;
        }
    }

    private void problem(String message) {
        if (!message.equals(lastProblem)) {
            LOG.info("auto-join of node {} waits: {}", self, message);
            lastProblem = message;
        }
    }
}
