package io.ringkv.handoff;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Hand-off passes: throttled, only to owners that are up, stopping at a failure, and bounded by the hint window. */
class HintedHandoffTest {
    private static final long SECOND = 1_000_000_000L;

    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final RecordingMetrics metrics = new RecordingMetrics();
    private final SimFileIO io = new SimFileIO();
    private final List<String> merged = new ArrayList<>();
    private final Set<String> down = new HashSet<>();
    private final Set<String> silent = new HashSet<>();
    private final Set<String> nonMembers = new HashSet<>();
    /** Keys whose merges the owners answer with Failed, whatever the owner. */
    private final Set<String> failing = new HashSet<>();

    private int failAfter = Integer.MAX_VALUE;

    /** Acknowledges merges to nodes not down, recording them as "node key"; fails from the failAfter-th on. */
    private final ReplicaTransport transport = (node, request) -> {
        if (down.contains(node) || merged.size() >= failAfter) {
            return CompletableFuture.failedFuture(new ConnectException("refused by " + node));
        }
        if (silent.contains(node)) {
            return new CompletableFuture<>();
        }
        ReplicaRequest.Merge m = (ReplicaRequest.Merge) request;
        if (failing.contains(new String(m.key(), StandardCharsets.UTF_8))) {
            return CompletableFuture.completedFuture(new ReplicaResponse.Failed("IllegalArgumentException: bad"));
        }
        merged.add(node + " " + new String(m.key(), StandardCharsets.UTF_8));
        return CompletableFuture.completedFuture(new ReplicaResponse.Versions(m.object()));
    };

    private static VersionedObject object(String value) {
        return VersionedObject.ABSENT.update(
                "b",
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                100,
                ConflictResolution.SIBLINGS);
    }

    private HintLog log() throws IOException {
        return HintLog.open(io, Path.of("/hints"), metrics);
    }

    private static void offer(HintWindow window, String owner, String key) throws IOException {
        assertThat(window.offer(
                        owner,
                        "bkt",
                        key.getBytes(StandardCharsets.UTF_8),
                        object("v-" + key),
                        ConflictResolution.SIBLINGS))
                .isTrue();
    }

    private HintedHandoff handoff(HintWindow window, long bytesPerSecond) {
        return new HintedHandoff(
                window,
                transport,
                node -> !down.contains(node),
                node -> !nonMembers.contains(node),
                scheduler,
                bytesPerSecond,
                SECOND);
    }

    @Test
    void hintsGoToTheirOwnersInOrderAtTheConfiguredRate() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        for (int i = 0; i < 3; i++) {
            offer(window, "c", "k" + i);
        }
        long hintBytes = window.log().pendingBytes("c") / 3;

        // One hint per second: each send is followed by a pause of its size at the rate.
        CompletableFuture<Long> pass = handoff(window, hintBytes).handOff();
        assertThat(merged).containsExactly("c k0");
        scheduler.advance(SECOND - 1);
        assertThat(merged).containsExactly("c k0");
        scheduler.advance(1);
        assertThat(merged).containsExactly("c k0", "c k1");
        scheduler.advance(2 * SECOND);

        assertThat(merged).containsExactly("c k0", "c k1", "c k2");
        assertThat(pass).isCompletedWithValue(3L);
        assertThat(window.log().targets()).isEmpty();
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(3);
    }

    @Test
    void aFailureStopsTheReplayAndTheNextPassDeliversEverything() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        for (int i = 0; i < 3; i++) {
            offer(window, "c", "k" + i);
        }
        failAfter = 1;

        CompletableFuture<Long> first = handoff(window, 0).handOff();
        scheduler.advance(SECOND);
        assertThat(first).isCompletedWithValue(1L);
        assertThat(window.log().targets()).containsExactly("c");

        failAfter = Integer.MAX_VALUE;
        merged.clear();
        CompletableFuture<Long> second = handoff(window, 0).handOff();
        scheduler.advance(SECOND);

        // A hint already delivered goes again: merging the same versions twice changes nothing.
        assertThat(merged).containsExactly("c k0", "c k1", "c k2");
        assertThat(second).isCompletedWithValue(3L);
        assertThat(window.log().targets()).isEmpty();
    }

    @Test
    void ownersThatAreDownKeepTheirHintsWhileOthersGetTheirs() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k1");
        offer(window, "e", "k2");
        down.add("c");

        CompletableFuture<Long> pass = handoff(window, 0).handOff();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("e k2");
        assertThat(window.log().targets()).containsExactly("c");
    }

    @Test
    void hintsForANodeDownLongerThanTheWindowAreRefusedAndDropped() throws IOException {
        long hour = TimeUnit.HOURS.toMillis(1);
        long downSince = clock.millis();
        HintWindow window = new HintWindow(
                log(), clock, node -> node.equals("c") ? downSince : null, HintWindow.DEFAULT_WINDOW_MILLIS);
        offer(window, "c", "early");

        clock.advanceMillis(3 * hour + 1);
        offer(window, "e", "k");

        assertThat(window.passed("c")).isTrue();
        assertThat(window.passed("e")).isFalse();
        assertThat(window.offer("c", "bkt", new byte[] {1}, object("late"), ConflictResolution.SIBLINGS))
                .isFalse();
        CompletableFuture<Long> pass = handoff(window, 0).handOff();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("e k");
        assertThat(window.log().targets()).isEmpty();
        assertThat(metrics.count("ringkv.hints.stored")).isEqualTo(2);
        assertThat(metrics.count("ringkv.hints.dropped"))
                .as("the refused hint and the dropped target")
                .isEqualTo(2);
    }

    @Test
    void hintsPastAnOwnersBacklogBoundAreRefusedUntilAReplayHandsThemOver() throws IOException {
        HintLog log = log();
        HintWindow unbounded = HintWindow.unbounded(log, clock);
        offer(unbounded, "c", "k0");
        long oneHint = log.pendingBytes("c");
        HintWindow window = new HintWindow(log, clock, node -> null, HintWindow.DEFAULT_WINDOW_MILLIS, 2 * oneHint);
        offer(window, "c", "k1");

        assertThat(window.offer(
                        "c", "bkt", "k2".getBytes(StandardCharsets.UTF_8), object("v-k2"), ConflictResolution.SIBLINGS))
                .as("two hints wait for c: its backlog is full")
                .isFalse();
        offer(window, "e", "other-target");
        assertThat(log.pendingBytes("c")).isEqualTo(2 * oneHint);
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "backlog-full"))
                .isEqualTo(1);

        CompletableFuture<Long> pass = handoff(window, 0).handOff();
        scheduler.advance(SECOND);
        assertThat(pass).isCompletedWithValue(3L);
        offer(window, "c", "k3");
        assertThat(merged).containsExactlyInAnyOrder("c k0", "c k1", "e other-target");
    }

    @Test
    void aBacklogBoundMustBePositive() {
        assertThatThrownBy(() -> new HintWindow(log(), clock, node -> null, 1000, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anOwnerThatDoesNotAnswerKeepsItsHintsAndThePassMovesOn() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k1");
        offer(window, "e", "k2");
        silent.add("c");

        CompletableFuture<Long> pass = handoff(window, 0).handOff();
        assertThat(pass).isNotDone();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("e k2");
        assertThat(window.log().targets()).containsExactly("c");
    }

    @Test
    void hintsTakenWhileAPassRunsWaitForTheNextPass() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k1");
        HintedHandoff handoff = handoff(window, 1);

        CompletableFuture<Long> pass = handoff.handOff();
        assertThat(handoff.handOff()).as("a running pass is joined").isSameAs(pass);
        offer(window, "c", "k2");
        scheduler.advance(TimeUnit.HOURS.toNanos(1));
        assertThat(pass).isCompletedWithValue(1L);
        assertThat(window.log().targets()).containsExactly("c");

        CompletableFuture<Long> next = handoff.handOff();
        scheduler.advance(TimeUnit.HOURS.toNanos(1));
        assertThat(next).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("c k1", "c k2");
    }

    @Test
    void aHintOlderThanTheWindowByItsStoredCreationTimeIsDroppedAfterARestart() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "old");
        clock.advanceMillis(TimeUnit.HOURS.toMillis(2));
        offer(window, "c", "young");
        window.log().close();
        io.crash();

        // Reopened an hour and a half later: "old" is 3.5 h old, "young" 1.5 h; the owner was never down.
        clock.advanceMillis(TimeUnit.MINUTES.toMillis(90));
        HintWindow reopened = HintWindow.unbounded(log(), clock);
        CompletableFuture<Long> pass = handoff(reopened, 0).handOff();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("c young");
        assertThat(reopened.log().targets()).isEmpty();
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "expired"))
                .isEqualTo(1);
        assertThat(metrics.count("ringkv.hints.replayed") + metrics.count("ringkv.hints.dropped"))
                .isEqualTo(metrics.count("ringkv.hints.stored"));
    }

    @Test
    void hintsForATargetThatLeftTheRingAreDropped() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k1");
        offer(window, "c", "k2");
        offer(window, "e", "k3");
        nonMembers.add("c");

        CompletableFuture<Long> pass = handoff(window, 0).handOff();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(1L);
        assertThat(merged).containsExactly("e k3");
        assertThat(window.log().targets()).isEmpty();
        assertThat(window.log().pendingBytes("c")).isZero();
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "left"))
                .as("each of the target's hints")
                .isEqualTo(2);
    }

    @Test
    void aHintItsOwnerKeepsRefusingDoesNotStopTheHintsBehindItAndIsDroppedAfterThreePasses() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k0");
        offer(window, "c", "bad");
        offer(window, "c", "k1");
        failing.add("bad");
        HintedHandoff handoff = handoff(window, 0);

        CompletableFuture<Long> first = handoff.handOff();
        scheduler.advance(SECOND);
        assertThat(first).isCompletedWithValue(2L);
        assertThat(merged).containsExactly("c k0", "c k1");
        assertThat(window.log().targets())
                .as("kept while the bad hint is retried")
                .containsExactly("c");

        for (int pass = 2; pass <= HintedHandoff.MAX_REFUSALS; pass++) {
            handoff.handOff();
            scheduler.advance(SECOND);
            assertThat(window.log().targets()).containsExactly("c");
        }
        merged.clear();
        CompletableFuture<Long> last = handoff.handOff();
        scheduler.advance(SECOND);

        assertThat(last).isCompletedWithValue(2L);
        assertThat(merged).as("the refused hint is no longer sent").containsExactly("c k0", "c k1");
        assertThat(window.log().targets()).isEmpty();
        assertThat(metrics.count("ringkv.hints.dropped.reason", "reason", "refused"))
                .isEqualTo(1);
        assertThat(metrics.count("ringkv.hints.replayed")).isEqualTo(2);
    }

    @Test
    void anOwnerThatFailsTwoHintsInARowKeepsAllItsHintsAndNoneIsBlamed() throws IOException {
        HintWindow window = HintWindow.unbounded(log(), clock);
        offer(window, "c", "k0");
        offer(window, "c", "k1");
        offer(window, "c", "k2");
        failing.add("k0");
        failing.add("k1");
        HintedHandoff handoff = handoff(window, 0);

        for (int pass = 0; pass < 2 * HintedHandoff.MAX_REFUSALS; pass++) {
            assertThat(handoff.handOff()).isCompletedWithValue(0L);
        }
        failing.clear();
        CompletableFuture<Long> pass = handoff.handOff();
        scheduler.advance(SECOND);

        assertThat(pass).isCompletedWithValue(3L);
        assertThat(merged).containsExactly("c k0", "c k1", "c k2");
        assertThat(metrics.count("ringkv.hints.dropped")).isZero();
    }
}
