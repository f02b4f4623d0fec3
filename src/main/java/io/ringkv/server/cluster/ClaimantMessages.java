package io.ringkv.server.cluster;

import io.ringkv.membership.ClusterChange;
import io.ringkv.membership.ClusterPlan;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import java.util.ArrayList;
import java.util.List;

/** The JSON messages of {@code POST /internal/v1/claimant}, and the views of a plan the API answers with. */
public final class ClaimantMessages {
    private ClaimantMessages() {}

    /** Operations a node forwards to the claimant. */
    public static final String JOIN = "join";

    public static final String LEAVE = "leave";
    public static final String REPLACE = "replace";
    public static final String FORCE_REMOVE = "force-remove";
    public static final String STAGED = "staged";
    public static final String CLEAR = "clear";
    public static final String PLAN = "plan";
    public static final String COMMIT = "commit";
    public static final String TRANSFER_DONE = "transfer-done";

    /**
     * One operation for the claimant.
     *
     * @param op what to do (one of the constants above)
     * @param node the node a leave, replace or force-remove is about
     * @param joining the node that joins, or the replacement, as it described itself
     * @param plan the plan id a commit names
     * @param startVersion with a transfer report: the ring version its transition started at
     * @param range with a transfer report: the key range
     * @param from with a transfer report: its source (null for a rebuild)
     * @param to with a transfer report: its receiver
     */
    public record Request(
            String op,
            String node,
            NodeDescription joining,
            String plan,
            Long startVersion,
            Integer range,
            String from,
            String to) {
        static Request of(String op) {
            return new Request(op, null, null, null, null, null, null, null);
        }
    }

    /**
     * The claimant's answer: who it is and, by operation, the staged changes, the plan or the ring
     * version installed; or, for a refusal, its kind (BAD_REQUEST, NOT_FOUND, CONFLICT) and reason.
     */
    public record Reply(
            String claimant, List<String> staged, PlanView plan, Long ringVersion, String refused, String reason) {}

    /** A member and how many partitions it owns in the plan's target ring. */
    public record MemberView(String id, int partitions) {}

    /** A planned transfer and the keys and bytes its source holds in its range (-1: unknown). */
    public record TransferView(int range, String from, String to, long estimatedKeys, long estimatedBytes) {}

    /**
     * A plan as the API shows it.
     *
     * @param id what a commit names
     * @param baseVersion the ring version it was made from
     * @param changes the staged changes it applies
     * @param members every member of the target ring with its partitions (0 for one that leaves)
     * @param transfers the ranges that move, each to its new replica
     * @param movedPartitions how many partitions change owner
     */
    public record PlanView(
            String id,
            long baseVersion,
            List<String> changes,
            List<MemberView> members,
            List<TransferView> transfers,
            int movedPartitions) {

        static PlanView of(ClusterPlan plan) {
            Ring next = plan.next();
            List<MemberView> members = new ArrayList<>();
            for (NodeInfo member : next.members()) {
                members.add(new MemberView(
                        member.id(), next.partitionsOf(member.id()).size()));
            }
            List<TransferView> transfers = new ArrayList<>();
            for (ClusterPlan.PlannedTransfer t : plan.transfers()) {
                transfers.add(new TransferView(t.range(), t.from(), t.to(), t.estimatedKeys(), t.estimatedBytes()));
            }
            return new PlanView(
                    plan.id(),
                    plan.baseVersion(),
                    plan.changes().stream().map(ClusterChange::describe).toList(),
                    members,
                    transfers,
                    plan.movedPartitions());
        }
    }
}
