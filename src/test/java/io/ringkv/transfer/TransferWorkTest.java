package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.PreferenceList;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class TransferWorkTest {
    private static final int Q = 16;
    private static final int N = 3;

    private record Report(long startVersion, Transfer transfer) {}

    @Test
    void aJoiningNodeReceivesItsRangesOnceEveryoneHasTheRingAndALoserDropsThemWhenTheTransitionEnds() throws Exception {
        try (TransferNodesAccess nodes = new TransferNodesAccess(Q, "n1", "n2", "n3", "n4")) {
            List<NodeInfo> three = List.of(info("n1"), info("n2"), info("n3"));
            Ring before = Claim.claim(null, three, Q, N);
            Ring target = Claim.claim(before, List.of(info("n1"), info("n2"), info("n3"), info("n4")), Q, N);
            Ring moving = Ring.moving(before, target, N, Set.of(), Set.of());
            long start = moving.transition().startVersion();
            // Every key on each of its replicas of the ring before.
            PreferenceList lists = new PreferenceList(before);
            for (int i = 0; i < 400; i++) {
                byte[] key = ("k" + i).getBytes(StandardCharsets.UTF_8);
                List<String> replicas = lists.nodes(nodes.partitioner().partitionOf("b", key), N);
                VersionedObject written = nodes.store(replicas.get(0)).put("b", key, blind("v" + i));
                for (String other : replicas.subList(1, replicas.size())) {
                    nodes.store(other).merge("b", key, written, ConflictResolution.SIBLINGS);
                }
            }

            AtomicReference<Ring> ring = new AtomicReference<>(moving);
            AtomicReference<TransferDuties.Announced> announced =
                    new AtomicReference<>(new TransferDuties.Announced(start - 1, start));
            List<Report> reports = new CopyOnWriteArrayList<>();
            TransferWork n4 = wiring(nodes, "n4", ring, announced, reports);

            n4.check();
            assertThat(n4.transfers().operations())
                    .as("a member has not seen the transition")
                    .isEmpty();

            announced.set(new TransferDuties.Announced(start, start));
            n4.check();
            List<Transfer> expected =
                    moving.transfers().stream().filter(t -> t.to().equals("n4")).toList();
            assertThat(expected).isNotEmpty();
            nodes.runUntil(() -> reports.size() == expected.size(), 60_000);
            assertThat(reports).extracting(Report::transfer).containsExactlyInAnyOrderElementsOf(expected);
            assertThat(reports).extracting(Report::startVersion).containsOnly(start);
            for (Transfer t : expected) {
                assertThat(nodes.range("n4", t.range())).isEqualTo(nodes.range(t.from(), t.range()));
            }
            // Not reported again before the interval, though the ring does not show them done yet.
            n4.check();
            assertThat(reports).hasSize(expected.size());
            nodes.runUntil(() -> false, (TransferWork.REPORT_AGAIN_NANOS / 1_000_000) + 10);
            n4.check();
            assertThat(reports).hasSize(2 * expected.size());

            // Every transfer done: a node of the three drops the ranges it lost, once all are on its ring.
            Ring done = moving;
            for (Transfer t : moving.transfers()) {
                done = done.withTransferDone(done.version() + 1, t);
            }
            Transfer lostOne = null;
            for (Transfer t : moving.transfers()) {
                if (t.from() != null
                        && !new PreferenceList(target).nodes(t.range(), N).contains(t.from())) {
                    lostOne = t;
                    break;
                }
            }
            assertThat(lostOne).isNotNull();
            String loser = lostOne.from();
            AtomicReference<Ring> loserRing = new AtomicReference<>(moving);
            AtomicReference<TransferDuties.Announced> loserAnnounced =
                    new AtomicReference<>(new TransferDuties.Announced(start, start));
            TransferWork wiring = wiring(nodes, loser, loserRing, loserAnnounced, new ArrayList<>());
            wiring.check();
            assertThat(nodes.range(loser, lostOne.range())).isNotEmpty();
            loserRing.set(done);
            loserAnnounced.set(new TransferDuties.Announced(done.version() - 1, done.version()));
            wiring.check();
            assertThat(nodes.range(loser, lostOne.range()))
                    .as("a member is behind")
                    .isNotEmpty();
            loserAnnounced.set(new TransferDuties.Announced(done.version(), done.version()));
            wiring.check();
            assertThat(nodes.range(loser, lostOne.range()))
                    .as("every range switched, but the transition has not ended: it still takes writes")
                    .isNotEmpty();
            Ring stable = done.finished(done.version() + 1);
            loserRing.set(stable);
            loserAnnounced.set(new TransferDuties.Announced(stable.version(), stable.version()));
            wiring.check();
            assertThat(nodes.range(loser, lostOne.range())).isEmpty();
            for (int r = 0; r < Q; r++) {
                if (new PreferenceList(target).nodes(r, N).contains(loser)) {
                    assertThat(nodes.range(loser, r)).as("range " + r + " kept").isNotEmpty();
                }
            }
            n4.close();
            wiring.close();
        }
    }

    @Test
    void aNodeThatRestartedAfterATransitionEndedDeletesTheRangesItNoLongerReplicatesOnceEveryMemberHoldsItsRing()
            throws Exception {
        try (TransferNodesAccess nodes = new TransferNodesAccess(Q, "n1", "n2", "n3", "n4")) {
            List<NodeInfo> four = List.of(info("n1"), info("n2"), info("n3"), info("n4"));
            Ring before = Claim.claim(null, List.of(info("n1"), info("n2"), info("n3")), Q, N);
            Ring stable = Claim.claim(before, four, Q, N);
            // n1 held every range of the ring before, and then restarted on a stable ring of four
            // (the transition, and so its drops, unknown to it).
            for (int i = 0; i < 400; i++) {
                nodes.store("n1").put("b", ("k" + i).getBytes(StandardCharsets.UTF_8), blind("v" + i));
            }
            Set<String> members = Set.of("n1", "n2", "n3", "n4");
            AtomicReference<Ring> ring = new AtomicReference<>(stable);
            AtomicReference<TransferDuties.Announced> announced = new AtomicReference<>(
                    new TransferDuties.Announced(stable.version(), stable.version(), Set.of("n1", "n2", "n3")));
            TransferWork n1 = wiring(nodes, "n1", ring, announced, new ArrayList<>());
            PreferenceList replicas = new PreferenceList(stable);
            int notReplicated = -1;
            for (int r = 0; r < Q && notReplicated < 0; r++) {
                if (!replicas.nodes(r, N).contains("n1")
                        && !nodes.range("n1", r).isEmpty()) {
                    notReplicated = r;
                }
            }
            assertThat(notReplicated).isNotNegative();

            n1.check();
            assertThat(nodes.range("n1", notReplicated)).as("n4 is not UP").isNotEmpty();
            announced.set(new TransferDuties.Announced(stable.version() - 1, stable.version(), members));
            n1.check();
            assertThat(nodes.range("n1", notReplicated))
                    .as("a member announces another ring: this one may be stale")
                    .isNotEmpty();

            announced.set(new TransferDuties.Announced(stable.version(), stable.version(), members));
            n1.check();
            for (int r = 0; r < Q; r++) {
                if (replicas.nodes(r, N).contains("n1")) {
                    assertThat(nodes.range("n1", r)).as("range " + r + " kept").isNotEmpty();
                } else {
                    assertThat(nodes.range("n1", r))
                            .as("range " + r + " deleted")
                            .isEmpty();
                }
            }
            n1.close();
        }
    }

    @Test
    void transfersStartOneRequestTimeoutAfterEveryMemberHoldsTheTransitionSoWritesUnderTheRingBeforeHaveLanded()
            throws Exception {
        try (TransferNodesAccess nodes = new TransferNodesAccess(Q, "n1", "n2", "n3", "n4")) {
            Ring before = Claim.claim(null, List.of(info("n1"), info("n2"), info("n3")), Q, N);
            Ring target = Claim.claim(before, List.of(info("n1"), info("n2"), info("n3"), info("n4")), Q, N);
            Ring moving = Ring.moving(before, target, N, Set.of(), Set.of());
            long start = moving.transition().startVersion();
            AtomicReference<TransferDuties.Announced> announced =
                    new AtomicReference<>(new TransferDuties.Announced(start, start));
            TransferWork n4 =
                    wiring(nodes, "n4", new AtomicReference<>(moving), announced, new ArrayList<>(), 1_000_000_000L);

            n4.check();
            nodes.runUntil(() -> false, 999);
            n4.check();
            assertThat(n4.transfers().operations()).as("within the delay").isEmpty();
            nodes.runUntil(() -> false, 1);
            n4.check();
            assertThat(n4.transfers().operations()).isNotEmpty();
            n4.close();
        }
    }

    private static TransferWork wiring(
            TransferNodesAccess nodes,
            String self,
            AtomicReference<Ring> ring,
            AtomicReference<TransferDuties.Announced> announced,
            List<Report> reports) {
        return wiring(nodes, self, ring, announced, reports, 0);
    }

    private static TransferWork wiring(
            TransferNodesAccess nodes,
            String self,
            AtomicReference<Ring> ring,
            AtomicReference<TransferDuties.Announced> announced,
            List<Report> reports,
            long startDelayNanos) {
        ReplicaStore store = nodes.store(self);
        return new TransferWork(
                self,
                ring::get,
                announced::get,
                () -> N,
                completion -> new TransferScheduler(
                        store,
                        nodes.transport(),
                        nodes.scheduler(),
                        nodes.clock(),
                        nodes.metrics(self),
                        new TransferScheduler.Settings(0, 2, 4096, 1_000_000L, 8_000_000L, 2, 100),
                        completion),
                new RangeDropper(store, nodes.metrics(self), () -> store.renewActor(self + "~renewed")),
                (startVersion, t) -> reports.add(new Report(startVersion, t)),
                nodes.scheduler(),
                nodes.clock()::nanos,
                startDelayNanos);
    }

    private static NodeInfo info(String id) {
        return new NodeInfo(id, 1, "default");
    }

    private static WriteRequest blind(String value) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }
}
