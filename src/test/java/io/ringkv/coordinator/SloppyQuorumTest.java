package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Sloppy quorum and hinted handoff over four real replicas: the first three are a key's primaries,
 * the fourth ("d") its fallback.
 */
class SloppyQuorumTest {
    private static final BucketProps PROPS = BucketProps.DEFAULTS;
    private static final byte[] KEY = bytes("k");
    private static final long SECOND = 1_000_000_000L;

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static RequestQuorum w(int w) {
        return new RequestQuorum(null, Quorum.of(w), null, null, null);
    }

    private static String value(VersionedObject o) {
        assertThat(o.siblings()).hasSize(1);
        return new String(o.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        assertThat(f).isDone();
        return f.get();
    }

    private static long stored(Replicas replicas) {
        return replicas.metrics.count("ringkv.hints.stored");
    }

    private static long replayed(Replicas replicas) {
        return replicas.metrics.count("ringkv.hints.replayed");
    }

    @Test
    void withAPrimaryDownASloppyWriteMeetsW3WithAHintAtTheFallback() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");

        VersionedObject stored =
                await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3)));

        assertThat(value(stored)).isEqualTo("v");
        assertThat(replicas.sent).contains("d Hinted");
        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");
        assertThat(replicas.store("d").get("bkt", KEY).isEmpty())
                .as("a fallback keeps the hint, not the key")
                .isTrue();
        assertThat(stored(replicas)).isEqualTo(1);
        assertThat(replicas.metrics.count("ringkv.coordinator.write.hinted")).isEqualTo(1);
    }

    @Test
    void withoutSloppyQuorumTheSameWriteFailsAndNoHintIsSent() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3).withSloppy(false));

        assertThatThrownBy(put::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("write needed 3 replicas, got 2")
                .hasMessageContaining("c: ConnectException");
        assertThat(replicas.sent).doesNotContain("d Hinted");
        assertThat(replicas.hintLogs.get("d").targets()).isEmpty();
    }

    @Test
    void aBucketWithoutSloppyQuorumSendsNoHints() throws Exception {
        BucketProps strict = new BucketProps(
                3,
                Quorum.QUORUM,
                Quorum.QUORUM,
                Quorum.of(0),
                Quorum.of(0),
                Quorum.QUORUM,
                ConflictResolution.SIBLINGS,
                false,
                0);
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), strict, w(3));

        assertThatThrownBy(put::get).cause().isInstanceOf(QuorumNotMetException.class);
        assertThat(replicas.sent).doesNotContain("d Hinted");
    }

    @Test
    void pwCountsPrimariesOnlySoAHintDoesNotMeetIt() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");

        CompletableFuture<VersionedObject> put = replicas.coordinator("a", 1000)
                .put(
                        "bkt",
                        KEY,
                        Replicas.blind("v"),
                        PROPS,
                        new RequestQuorum(null, Quorum.of(3), null, Quorum.of(3), null));

        assertThatThrownBy(put::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("write to primaries needed 3 replicas, got 2")
                .hasMessageContaining("c: DOWN (gossip)")
                .hasMessageNotContaining("d:");
    }

    @Test
    void aSilentPrimaryIsHintedAtTheTimeoutAndTheWriteSucceedsOnceTheHintIsAcknowledged() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.silent.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3));
        assertThat(put).isNotDone();
        replicas.scheduler.advance(501_000_000L);

        assertThat(value(await(put))).isEqualTo("v");
        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");
    }

    @Test
    void aPrimaryGossipSeesDownIsHintedAtOnceWithoutWaitingForTheTimeout() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.silent.add("c");
        replicas.gossipDown.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3));

        assertThat(value(await(put))).isEqualTo("v");
        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");
        assertThat(replicas.sent).doesNotContain("c Merge");
    }

    @Test
    void theHintIsReplayedToItsOwnerOnceItIsUpAndTheOwnerServesTheKeyItself() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3)));

        CompletableFuture<Long> whileDown = replicas.handoff("d", 0).handOff();
        replicas.scheduler.advance(SECOND);
        assertThat(await(whileDown)).as("nothing goes to an owner that is down").isZero();
        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");

        replicas.down.clear();
        CompletableFuture<Long> pass = replicas.handoff("d", 0).handOff();
        replicas.scheduler.advance(SECOND);

        assertThat(await(pass)).isEqualTo(1);
        assertThat(value(replicas.store("c").get("bkt", KEY))).isEqualTo("v");
        assertThat(replicas.hintLogs.get("d").targets()).isEmpty();
        assertThat(replicas.hintLogs.get("d").pendingBytes("c")).isZero();
        assertThat(replayed(replicas)).isEqualTo(stored(replicas)).isEqualTo(1);
    }

    @Test
    void hintsSurviveAPowerCutOfTheFallbackAndAreThenReplayed() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");
        for (int i = 0; i < 5; i++) {
            await(replicas.coordinator("b", 1000).put("bkt", bytes("k" + i), Replicas.blind("v" + i), PROPS, w(3)));
        }

        replicas.restart("d");
        replicas.down.clear();
        CompletableFuture<Long> pass = replicas.handoff("d", 0).handOff();
        replicas.scheduler.advance(SECOND);

        assertThat(await(pass)).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(value(replicas.store("c").get("bkt", bytes("k" + i)))).isEqualTo("v" + i);
        }
        assertThat(replicas.hintLogs.get("d").targets()).isEmpty();
        assertThat(replayed(replicas)).isEqualTo(stored(replicas)).isEqualTo(5);
    }

    @Test
    void aPrimarySilentAfterWIsMetIsHintedAtTheTimeoutWithoutDelayingTheAnswer() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.silent.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2));

        assertThat(value(await(put))).as("answered at W, before the timeout").isEqualTo("v");
        assertThat(replicas.hintLogs.get("d").targets()).isEmpty();
        replicas.scheduler.advance(501_000_000L);

        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");
        assertThat(stored(replicas)).isEqualTo(1);
    }

    @Test
    void aPrimaryThatFailsAfterWIsMetIsHinted() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.holdMerges.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2));
        assertThat(value(await(put))).isEqualTo("v");
        replicas.services.remove("c"); // c is gone: its held merge fails when released
        replicas.releaseHeld();

        assertThat(replicas.hintLogs.get("d").targets()).containsExactly("c");
    }

    @Test
    void withW1APrimaryGossipSeesDownIsHintedAtOnce() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.silent.add("c");
        replicas.gossipDown.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(1));

        assertThat(value(await(put))).isEqualTo("v");
        assertThat(replicas.hintLogs.get("d").targets())
                .as("no timeout waited for")
                .containsExactly("c");
        assertThat(replicas.sent).doesNotContain("c Merge");
    }

    @Test
    void withoutSloppyQuorumAPrimaryMissingAW1WriteGetsNoHint() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.silent.add("c");
        replicas.gossipDown.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(1).withSloppy(false));
        assertThat(value(await(put))).isEqualTo("v");
        replicas.scheduler.advance(2 * SECOND);

        assertThat(replicas.sent).contains("c Merge").doesNotContain("d Hinted");
        replicas.hintLogs.values().forEach(log -> assertThat(log.targets()).isEmpty());
    }

    @Test
    void aFallbackWhoseHintLogFailedRefusesHintsSoTheWriteDoesNotCountIt() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("c");
        replicas.disks.get("d").failForce(path -> path.toString().contains("hints"));

        CompletableFuture<VersionedObject> first =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3));
        assertThatThrownBy(first::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("hint for c")
                .hasMessageContaining("HintLogFailedException");

        replicas.disks.get("d").failForce(path -> false);
        CompletableFuture<VersionedObject> second =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v2"), PROPS, w(3));
        assertThatThrownBy(second::get).cause().hasMessageContaining("HintLogFailedException");
        assertThat(stored(replicas)).isZero();
    }
}
