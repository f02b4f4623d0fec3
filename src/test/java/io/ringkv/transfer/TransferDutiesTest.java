package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TransferDutiesTest {
    private static final int Q = 32;
    private static final int N = 3;

    private static List<NodeInfo> nodes(int count) {
        List<NodeInfo> out = new ArrayList<>();
        for (int i = 1; i <= count; i++) {
            out.add(new NodeInfo("n" + i, 1, "default"));
        }
        return out;
    }

    @Test
    void aReceiverStartsOnlyOnceEveryUpMemberHasTheTransition() {
        Ring three = Claim.claim(null, nodes(3), Q, N);
        Ring moving = Ring.moving(three, Claim.claim(three, nodes(4), Q, N), N, Set.of(), Set.of());
        long start = moving.transition().startVersion();

        assertThat(TransferDuties.incoming(moving, "n4", new TransferDuties.Announced(start - 1, start)))
                .isEmpty();
        Map<TransferJob, Transfer> jobs =
                TransferDuties.incoming(moving, "n4", new TransferDuties.Announced(start, start));
        long expected =
                moving.transfers().stream().filter(t -> t.to().equals("n4")).count();
        assertThat(jobs).hasSize((int) expected).isNotEmpty();
        jobs.forEach((job, t) -> {
            assertThat(job.range()).isEqualTo(t.range());
            assertThat(job.sources()).containsExactly(t.from());
            assertThat(job.startVersion()).isEqualTo(start);
        });

        // A transfer marked done is not offered again.
        Transfer first = jobs.values().iterator().next();
        Ring oneDone = moving.withTransferDone(moving.version() + 1, first);
        assertThat(TransferDuties.incoming(oneDone, "n4", new TransferDuties.Announced(start, start + 1))
                        .values())
                .hasSize((int) expected - 1)
                .doesNotContain(first);
        assertThat(TransferDuties.incoming(three, "n4", new TransferDuties.Announced(9, 9)))
                .isEmpty();
    }

    @Test
    void aForceRemovedSourceMakesARebuildFromTheOtherPreviousReplicas() {
        Ring four = Claim.claim(null, nodes(4), Q, N);
        Ring target = Claim.claim(four, nodes(4).subList(0, 3), Q, N);
        Ring moving = Ring.moving(four, target, N, Set.of("n4"), Set.of("n4"));
        Map<TransferJob, Transfer> jobs = new java.util.LinkedHashMap<>();
        for (String self : List.of("n1", "n2", "n3")) {
            jobs.putAll(TransferDuties.incoming(moving, self, new TransferDuties.Announced(99, 99)));
        }
        assertThat(jobs).isNotEmpty();
        jobs.forEach((job, t) -> {
            if (job.rebuild()) {
                List<String> before = new PreferenceList(four).nodes(job.range(), N);
                assertThat(job.sources()).doesNotContain("n4", t.to()).isNotEmpty();
                assertThat(before).containsAll(job.sources());
            }
        });
        assertThat(jobs.keySet()).anyMatch(TransferJob::rebuild);
    }

    @Test
    void aRangeIsDroppedOnlyOnceTheTransitionEndedAndEveryMemberIsOnTheSameRing() {
        Ring three = Claim.claim(null, nodes(3), Q, N);
        Ring target = Claim.claim(three, nodes(4), Q, N);
        Ring moving = Ring.moving(three, target, N, Set.of(), Set.of());
        // A node of the three that loses some range to n4.
        String loser = null;
        int lost = -1;
        for (Transfer t : moving.transfers()) {
            if (t.from() != null
                    && !new PreferenceList(target).nodes(t.range(), N).contains(t.from())) {
                loser = t.from();
                lost = t.range();
                break;
            }
        }
        assertThat(loser).isNotNull();
        long v = moving.version();
        assertThat(TransferDuties.drops(moving, moving, loser, N, new TransferDuties.Announced(v, v)))
                .doesNotContain(lost); // not switched yet
        Ring switched = moving;
        for (Transfer t : moving.transfers()) {
            if (t.range() == lost) {
                switched = switched.withTransferDone(switched.version() + 1, t);
            }
        }
        assertThat(switched.switched(lost)).isTrue();
        long sv = switched.version();
        assertThat(TransferDuties.drops(moving, switched, loser, N, new TransferDuties.Announced(sv - 1, sv)))
                .as("a member still on an older ring")
                .isEmpty();
        assertThat(TransferDuties.drops(moving, switched, loser, N, new TransferDuties.Announced(sv, sv + 1)))
                .as("a member on a newer ring")
                .isEmpty();
        assertThat(TransferDuties.drops(moving, switched, loser, N, new TransferDuties.Announced(sv, sv)))
                .as("switched, but the transition goes on: the range still takes writes for older rings")
                .doesNotContain(lost);
        // Once the transition ended, every range the node lost goes.
        Ring stable = switched.finished(sv + 1);
        List<Integer> all =
                TransferDuties.drops(moving, stable, loser, N, new TransferDuties.Announced(sv + 1, sv + 1));
        for (int r = 0; r < Q; r++) {
            boolean had = new PreferenceList(three).nodes(r, N).contains(loser);
            boolean has = new PreferenceList(target).nodes(r, N).contains(loser);
            assertThat(all.contains(r)).as("range " + r).isEqualTo(had && !has);
        }
    }
}
