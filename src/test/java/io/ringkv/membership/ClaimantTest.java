package io.ringkv.membership;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.membership.ClusterChangeRefusedException.Kind;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;

/** The claimant: staged changes, plans, compare-and-set commits, transfers done, finished transitions. */
class ClaimantTest {
    private static final int Q = 32;
    private static final String CLUSTER = "test";

    private final RingKeeper keeper = new RingKeeper(new Partitioner(Q), null);
    private final List<Ring> spread = new ArrayList<>();

    private Claimant claimant(String self, String... members) {
        List<NodeInfo> nodes = new ArrayList<>();
        for (String m : members) {
            nodes.add(NodeInfo.of(m));
        }
        keeper.install(Claim.claim(null, nodes, Q, 3), false);
        return new Claimant(self, keeper, spread::add, CLUSTER, 3, () -> 3, RangeStats.UNKNOWN);
    }

    private static void refused(ThrowingCallable call, Kind kind, String reason) {
        assertThatThrownBy(call)
                .isInstanceOf(ClusterChangeRefusedException.class)
                .hasMessageContaining(reason)
                .satisfies(e ->
                        assertThat(((ClusterChangeRefusedException) e).kind()).isEqualTo(kind));
    }

    /** Reports every transfer of the ring held done, one by one; returns the ring after. */
    private Ring completeTransfers(Claimant c) {
        Ring moving = keeper.ring();
        for (Transfer t : moving.transfers()) {
            c.transferDone(moving.transition().startVersion(), t);
        }
        return keeper.ring();
    }

    @Test
    void theClaimantIsTheFirstMemberByIdThatIsNotDeparting() {
        Claimant c = claimant("a", "c", "a", "b", "d");
        assertThat(Claimant.of(keeper.ring())).isEqualTo("a");
        c.leave("a");
        c.commit(c.plan().id());
        assertThat(keeper.ring().stable()).isFalse();
        assertThat(Claimant.of(keeper.ring())).isEqualTo("b");
    }

    @Test
    void aNodeThatIsNotTheClaimantRefusesNamingIt() {
        Claimant c = claimant("b", "a", "b", "c");
        refused(() -> c.join(NodeInfo.of("d"), CLUSTER, Q), Kind.CONFLICT, "a is");
    }

    @Test
    void aJoinThenItsTransfersThenTheStableRing() {
        Claimant c = claimant("a", "a", "b", "c");
        long v0 = keeper.ring().version();
        c.join(NodeInfo.of("d"), CLUSTER, Q);
        ClusterPlan plan = c.plan();
        assertThat(plan.baseVersion()).isEqualTo(v0);
        assertThat(plan.transfers()).isNotEmpty().allMatch(t -> t.estimatedKeys() == -1);
        assertThat(plan.next().partitionsOf("d")).isNotEmpty();

        Ring moving = c.commit(plan.id());
        assertThat(moving.version()).isEqualTo(v0 + 1);
        assertThat(moving.transition().startVersion()).isEqualTo(v0 + 1);
        assertThat(keeper.ring()).isEqualTo(moving);
        assertThat(spread).contains(moving);
        assertThat(c.staged()).isEmpty();

        Ring stable = completeTransfers(c);
        assertThat(stable.stable()).isTrue();
        assertThat(stable.version()).isEqualTo(v0 + 1 + moving.transfers().size() + 1);
        assertThat(stable.members()).extracting(NodeInfo::id).containsExactly("a", "b", "c", "d");
        assertThat(spread.get(spread.size() - 1)).isEqualTo(stable);
    }

    @Test
    void aTransitionEndsOnlyOnceEveryMemberUpHoldsTheRingWithEveryRangeSwitched() {
        Claimant c = claimant("a", "a", "b", "c");
        long[] lowestHeld = {0};
        c.finishWhen(() -> lowestHeld[0]);
        c.join(NodeInfo.of("d"), CLUSTER, Q);
        Ring moving = c.commit(c.plan().id());
        lowestHeld[0] = moving.version();

        Ring allDone = completeTransfers(c);
        assertThat(allDone.stable()).as("a member still holds an older ring").isFalse();
        assertThat(allDone.transfersComplete()).isTrue();
        assertThat(c.tick()).isEqualTo(allDone);

        lowestHeld[0] = allDone.version();
        Ring stable = c.tick();
        assertThat(stable.stable()).isTrue();
        assertThat(stable.version()).isEqualTo(allDone.version() + 1);
        assertThat(keeper.ring()).isEqualTo(stable);
        assertThat(claimant("b", "a", "b", "c").tick()).as("not the claimant").isNull();
    }

    @Test
    void aLeavingNodeStaysAMemberOwningNothingUntilTheTransitionEnds() {
        Claimant c = claimant("a", "a", "b", "c", "d");
        c.leave("d");
        Ring moving = c.commit(c.plan().id());
        assertThat(moving.member("d")).isPresent();
        assertThat(moving.partitionsOf("d")).isEmpty();
        assertThat(moving.transition().departing()).containsExactly("d");
        Ring stable = completeTransfers(c);
        assertThat(stable.member("d")).isEmpty();
    }

    @Test
    void aReplaceSwapsTheOwnersExactly() {
        Claimant c = claimant("a", "a", "b", "c", "d");
        Ring before = keeper.ring();
        c.replace("c", NodeInfo.of("e"), CLUSTER, Q);
        Ring moving = c.commit(c.plan().id());
        for (int p = 0; p < Q; p++) {
            assertThat(moving.owner(p)).isEqualTo(before.owner(p).equals("c") ? "e" : before.owner(p));
        }
        assertThat(moving.transfers()).allMatch(t -> t.to().equals("e") && "c".equals(t.from()));
        assertThat(completeTransfers(c).member("c")).isEmpty();
    }

    @Test
    void aForceRemovedNodesRangesAreRebuiltNotAskedOfIt() {
        Claimant c = claimant("a", "a", "b", "c", "d");
        c.forceRemove("d");
        Ring moving = c.commit(c.plan().id());
        assertThat(moving.transition().removed()).containsExactly("d");
        assertThat(moving.transfers()).isNotEmpty().noneMatch(t -> "d".equals(t.from()));
        assertThat(moving.transfers()).anyMatch(Transfer::rebuild);
    }

    @Test
    void aPlanWhoseBaseOrChangesDifferIsStale() {
        Claimant c = claimant("a", "a", "b", "c", "d");
        c.join(NodeInfo.of("e"), CLUSTER, Q);
        String id = c.plan().id();
        c.join(NodeInfo.of("f"), CLUSTER, Q);
        refused(() -> c.commit(id), Kind.CONFLICT, "stale plan");
        c.clearStaged();
        c.join(NodeInfo.of("e"), CLUSTER, Q);
        assertThat(c.plan().id()).isEqualTo(id);
        long version = keeper.ring().version();
        // The ring moves on (same assignment, a newer version) before the commit.
        keeper.install(new Ring(version + 1, keeper.ring().members(), owners(keeper.ring())), false);
        refused(() -> c.commit(id), Kind.CONFLICT, "stale plan");
    }

    private static String[] owners(Ring ring) {
        String[] owners = new String[ring.partitions()];
        for (int p = 0; p < owners.length; p++) {
            owners[p] = ring.owner(p);
        }
        return owners;
    }

    @Test
    void oneTransitionAtATime() {
        Claimant c = claimant("a", "a", "b", "c");
        c.join(NodeInfo.of("d"), CLUSTER, Q);
        c.commit(c.plan().id());
        c.join(NodeInfo.of("e"), CLUSTER, Q);
        refused(c::plan, Kind.CONFLICT, "still moving");
        refused(() -> c.commit("whatever"), Kind.CONFLICT, "still moving");
    }

    @Test
    void refusals() {
        Claimant c = claimant("a", "a", "b", "c");
        refused(c::plan, Kind.CONFLICT, "nothing is staged");
        refused(() -> c.join(NodeInfo.of("d"), "other", Q), Kind.CONFLICT, "cluster 'other'");
        refused(() -> c.join(NodeInfo.of("d"), CLUSTER, 2 * Q), Kind.CONFLICT, "64 partitions");
        refused(() -> c.join(NodeInfo.of("b"), CLUSTER, Q), Kind.CONFLICT, "already a member");
        refused(() -> c.leave("x"), Kind.NOT_FOUND, "x is not a member");
        refused(() -> c.leave("b"), Kind.CONFLICT, "fewer than n_val 3");
        refused(() -> c.forceRemove("x"), Kind.NOT_FOUND, "x is not a member");
        refused(() -> c.forceRemove("c"), Kind.CONFLICT, "fewer than n_val 3");
        refused(() -> c.replace("x", NodeInfo.of("d"), CLUSTER, Q), Kind.NOT_FOUND, "x is not a member");
        refused(() -> c.replace("b", NodeInfo.of("b"), CLUSTER, Q), Kind.BAD_REQUEST, "cannot replace itself");
        refused(() -> c.replace("b", NodeInfo.of("c"), CLUSTER, Q), Kind.CONFLICT, "already a member");
        c.join(NodeInfo.of("d"), CLUSTER, Q);
        refused(() -> c.join(NodeInfo.of("d"), CLUSTER, Q), Kind.CONFLICT, "already staged");
        // With d staged to join, one of the others may leave.
        c.leave("b");
        assertThat(c.staged()).hasSize(2);
    }

    @Test
    void transferReports() {
        Claimant c = claimant("a", "a", "b", "c");
        c.join(NodeInfo.of("d"), CLUSTER, Q);
        Ring moving = c.commit(c.plan().id());
        long start = moving.transition().startVersion();
        refused(() -> c.transferDone(start, new Transfer(0, "x", "y")), Kind.NOT_FOUND, "is not a transfer");
        refused(() -> c.transferDone(start + 5, moving.transfers().get(0)), Kind.CONFLICT, "no transition");
        Ring once = c.transferDone(start, moving.transfers().get(0));
        assertThat(c.transferDone(start, moving.transfers().get(0))).isEqualTo(once);
        Ring stable = completeTransfers(c);
        // A late report of the finished transition changes nothing.
        assertThat(c.transferDone(start, moving.transfers().get(1))).isEqualTo(stable);
        assertThat(keeper.ring()).isEqualTo(stable);
        assertThat(stable.transition()).isNull();
        assertThat(Set.copyOf(stable.members().stream().map(NodeInfo::id).toList()))
                .containsExactlyInAnyOrder("a", "b", "c", "d");
    }
}
