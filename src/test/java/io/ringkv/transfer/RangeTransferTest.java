package io.ringkv.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRefusedException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RangeTransferTest {
    private static final int PARTITIONS = 8;

    @Test
    void streamsARangeWhileBothSidesTakeWritesAndTheReceiverEndsWithTheUnion() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node b = nodes.node("b");
            int range = nodes.rangeOf("k0");
            List<String> keys = nodes.keysIn(range, "k", 400);
            for (String k : keys) {
                a.put(k, "a-" + k + "-" + "x".repeat(100));
            }
            // b already holds concurrent versions of some keys, and keys of another range.
            Map<String, VersionedObject> bOwn = new java.util.HashMap<>();
            for (String k : keys.subList(0, 50)) {
                bOwn.put("b/" + k, b.put(k, "b-" + k));
            }
            List<String> elsewhere = nodes.keysIn((range + 1) % PARTITIONS, "o", 20);
            for (String k : elsewhere) {
                a.put(k, "other");
            }
            // While the range streams, writes reach both replicas, as a coordinator with b pending does.
            List<String> written = new ArrayList<>();
            int[] step = {0};
            nodes.transport.beforeAnswer = () -> {
                try {
                    String k = keys.get((step[0] * 37) % keys.size());
                    String fresh = nodes.keysIn(range, "new" + step[0] + "-", 1).get(0);
                    step[0]++;
                    b.merge(k, a.put(k, "during-" + step[0]));
                    a.merge(fresh, b.put(fresh, "fresh"));
                    written.add(fresh);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } catch (WriteRefusedException e) {
                    throw new IllegalStateException(e);
                }
            };
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("b", TransferNodes.settings(0, 4096), done);
            TransferJob job = new TransferJob(7, range, List.of("a"), false);
            transfers.offer(List.of(job));
            nodes.runUntil(() -> !done.isEmpty(), 10_000);

            assertThat(done).containsExactly(job);
            assertThat(step[0]).as("chunks asked").isGreaterThan(5);
            // b holds what a holds, merged with the versions only b had.
            Map<String, VersionedObject> expected = new java.util.TreeMap<>(a.range(range));
            bOwn.forEach((k, v) -> expected.merge(k, v, (onA, mine) -> onA.merge(mine, ConflictResolution.SIBLINGS)));
            Map<String, VersionedObject> onB = b.range(range);
            assertThat(onB).isEqualTo(expected);
            assertThat(onB).hasSize(keys.size() + written.size());
            // b's own concurrent versions were merged with a's, not replaced.
            assertThat(b.get(keys.get(1)).siblings()).hasSize(2);
            assertThat(b.range((range + 1) % PARTITIONS)).isEmpty();
            TransferOperation.View view = transfers.operation(job.id()).orElseThrow();
            assertThat(view.state()).isEqualTo(TransferOperation.State.DONE);
            assertThat(view.keys()).isGreaterThanOrEqualTo(keys.size());
            assertThat(view.sourcesDone()).isEqualTo(1);
            assertThat(view.estimatedBytes()).isPositive();
            assertThat(b.metrics.count("ringkv.transfer.keys")).isEqualTo(view.keys());
            assertThat(b.metrics.count("ringkv.transfer.bytes")).isEqualTo(view.bytes());
            assertThat(b.metrics.gaugeValue("ringkv.transfer.active")).isZero();
        }
    }

    @Test
    void aCorruptedChunkIsRefusedAndAskedAgain() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node b = nodes.node("b");
            int range = nodes.rangeOf("k0");
            for (String k : nodes.keysIn(range, "k", 200)) {
                a.put(k, "v-" + k + "-" + "y".repeat(50));
            }
            nodes.transport.corruptAnswers.add(3);
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("b", TransferNodes.settings(0, 2048), done);
            TransferJob job = new TransferJob(3, range, List.of("a"), false);
            transfers.offer(List.of(job));
            nodes.runUntil(() -> !done.isEmpty(), 10_000);

            assertThat(nodes.transport.corrupted).isEqualTo(1);
            assertThat(done).containsExactly(job);
            assertThat(b.range(range)).isEqualTo(a.range(range));
            assertThat(b.metrics.count("ringkv.transfer.failures")).isEqualTo(1);
            TransferOperation.View view = transfers.operation(job.id()).orElseThrow();
            assertThat(view.attempts()).isEqualTo(2);
            assertThat(view.error()).contains("checksum");
        }
    }

    @Test
    void theByteRateSpacesTheChunksOnTheClock() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            int range = nodes.rangeOf("k0");
            for (String k : nodes.keysIn(range, "k", 300)) {
                a.put(k, "z".repeat(300));
            }
            long rangeBytes =
                    new RangeSizes(a.store, nodes.clock, 0).size(range).bytes();
            assertThat(rangeBytes).isGreaterThan(90_000);
            long rate = 20_000;
            int chunk = 4096;
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("b", TransferNodes.settings(rate, chunk), done);
            long start = nodes.clock.nanos();
            transfers.offer(List.of(new TransferJob(1, range, List.of("a"), false)));
            nodes.runUntil(() -> !done.isEmpty(), 60_000);

            assertThat(done).hasSize(1);
            long elapsedNanos = nodes.clock.nanos() - start;
            // Every chunk but the last is paid for before the next is asked.
            long leastNanos = (long) ((rangeBytes - 2L * chunk) * 1e9 / rate);
            assertThat(elapsedNanos).isGreaterThanOrEqualTo(leastNanos);
            assertThat(elapsedNanos).isLessThan(leastNanos + 2_000_000_000L);
            assertThat(nodes.node("b").range(range)).isEqualTo(a.range(range));
        }
    }

    @Test
    void aReceiverThatCrashedMidTransferStreamsAgainAndLosesNothing() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node b = nodes.node("b");
            int range = nodes.rangeOf("k0");
            List<String> keys = nodes.keysIn(range, "k", 300);
            for (String k : keys) {
                a.put(k, "a-" + k);
            }
            List<String> own = nodes.keysIn(range, "own", 20);
            for (String k : own) {
                b.put(k, "b-" + k); // acknowledged writes of b's own (forced before acknowledged)
            }
            TransferJob job = new TransferJob(5, range, List.of("a"), false);
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler first = nodes.scheduler("b", TransferNodes.settings(100_000, 1024), done);
            first.offer(List.of(job));
            nodes.runUntil(() -> nodes.transport.answers >= 4, 10_000);
            first.stop();
            assertThat(done).isEmpty();
            int partly = b.range(range).size();
            assertThat(partly).isBetween(own.size() + 1, own.size() + keys.size() - 1);

            b.crashAndReopen();
            TransferScheduler second = nodes.scheduler("b", TransferNodes.settings(0, 1024), done);
            second.offer(List.of(job));
            nodes.runUntil(() -> !done.isEmpty(), 10_000);

            assertThat(done).containsExactly(job);
            Map<String, VersionedObject> onB = b.range(range);
            assertThat(onB).hasSize(keys.size() + own.size());
            for (String k : keys) {
                assertThat(b.get(k)).isEqualTo(a.get(k));
            }
            for (String k : own) {
                assertThat(TransferNodes.text(
                                b.get(k).siblings().get(0).content().value()))
                        .isEqualTo("b-" + k);
            }
        }
    }

    @Test
    void aRebuildMergesEverySourceAndPassesOverOneThatIsDown() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b", "c", "d")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node b = nodes.node("b");
            TransferNodes.Node d = nodes.node("d");
            int range = nodes.rangeOf("k0");
            List<String> keys = nodes.keysIn(range, "k", 100);
            for (String k : keys.subList(0, 60)) {
                a.put(k, "a");
            }
            for (String k : keys.subList(40, 100)) {
                b.put(k, "b");
            }
            nodes.transport.down.add("c");
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("d", TransferNodes.settings(0, 1024), done);
            TransferJob job = new TransferJob(9, range, List.of("a", "c", "b"), true);
            transfers.offer(List.of(job));
            nodes.runUntil(() -> !done.isEmpty(), 60_000);

            assertThat(done).containsExactly(job);
            assertThat(d.range(range)).hasSize(100);
            assertThat(d.get(keys.get(50)).siblings()).hasSize(2); // a's and b's versions of a key both had
            assertThat(transfers.operation(job.id()).orElseThrow().sourcesDone())
                    .isEqualTo(2);
        }
    }

    @Test
    void aRebuildWaitsForASourceThatIsNotDownForLongItsCopiesMayBeTheOnlyOnes() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b", "d")) {
            TransferNodes.Node a = nodes.node("a");
            TransferNodes.Node d = nodes.node("d");
            int range = nodes.rangeOf("k0");
            List<String> keys = nodes.keysIn(range, "k", 40);
            for (String k : keys.subList(0, 20)) {
                a.put(k, "a"); // only a holds these
            }
            for (String k : keys.subList(20, 40)) {
                nodes.node("b").put(k, "b");
            }
            nodes.transport.down.add("a");
            Set<String> longDown = new HashSet<>();
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = new TransferScheduler(
                    d.store,
                    nodes.transport,
                    nodes.scheduler,
                    nodes.clock,
                    d.metrics,
                    TransferNodes.settings(0, 1024),
                    done::add,
                    longDown::contains);
            TransferJob job = new TransferJob(9, range, List.of("a", "b"), true);
            transfers.offer(List.of(job));
            nodes.runUntil(() -> !done.isEmpty(), 5_000);
            assertThat(done)
                    .as("a is down, but not for long: the rebuild waits for it")
                    .isEmpty();

            nodes.transport.down.clear();
            nodes.runUntil(() -> !done.isEmpty(), 60_000);
            assertThat(done).containsExactly(job);
            assertThat(d.range(range)).hasSize(40);

            // Down for long, a source is passed over: the rebuild completes from the others.
            TransferJob again = new TransferJob(10, range, List.of("a", "b"), true);
            nodes.transport.down.add("a");
            longDown.add("a");
            transfers.offer(List.of(again));
            nodes.runUntil(() -> done.size() == 2, 60_000);
            assertThat(done).containsExactly(job, again);
        }
    }

    @Test
    void aMoveKeepsAskingTheOneSourceUntilItAnswers() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            int range = nodes.rangeOf("k0");
            for (String k : nodes.keysIn(range, "k", 50)) {
                a.put(k, "v");
            }
            nodes.transport.down.add("a");
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("b", TransferNodes.settings(0, 1024), done);
            transfers.offer(List.of(new TransferJob(2, range, List.of("a"), false)));
            nodes.runUntil(() -> false, 60_000);
            assertThat(done).isEmpty();
            assertThat(nodes.node("b").metrics.count("ringkv.transfer.failures"))
                    .isGreaterThan(5);

            nodes.transport.down.clear();
            nodes.runUntil(() -> !done.isEmpty(), 60_000);
            assertThat(done).hasSize(1);
            assertThat(nodes.node("b").range(range)).isEqualTo(a.range(range));
        }
    }

    @Test
    void atMostMaxConcurrentRunAndAWithdrawnTransferIsCancelled() throws Exception {
        try (TransferNodes nodes = new TransferNodes(PARTITIONS, "a", "b")) {
            TransferNodes.Node a = nodes.node("a");
            for (int i = 0; i < 400; i++) {
                a.put("k" + i, "w".repeat(200));
            }
            List<TransferJob> done = new ArrayList<>();
            TransferScheduler transfers = nodes.scheduler("b", TransferNodes.settings(50_000, 1024), done);
            List<TransferJob> jobs = new ArrayList<>();
            for (int r = 0; r < 4; r++) {
                jobs.add(new TransferJob(4, r, List.of("a"), false));
            }
            transfers.offer(jobs);
            nodes.runUntil(() -> false, 50);
            assertThat(transfers.active()).isEqualTo(2);
            assertThat(transfers.operations())
                    .extracting(TransferOperation.View::state)
                    .containsExactly(
                            TransferOperation.State.RUNNING,
                            TransferOperation.State.RUNNING,
                            TransferOperation.State.PENDING,
                            TransferOperation.State.PENDING);
            transfers.offer(jobs.subList(1, 4)); // range 0 is no longer wanted
            nodes.runUntil(() -> done.size() == 3, 120_000);
            assertThat(done).containsExactlyInAnyOrderElementsOf(jobs.subList(1, 4));
            assertThat(transfers.operation(jobs.get(0).id()).orElseThrow().state())
                    .isEqualTo(TransferOperation.State.CANCELLED);
            transfers.offer(jobs.subList(1, 4)); // offered again once received: not streamed again
            int fetches = nodes.transport.fetches;
            nodes.runUntil(() -> false, 100);
            assertThat(nodes.transport.fetches).isEqualTo(fetches);
        }
    }
}
