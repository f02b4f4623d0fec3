package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Reads that ask R of the N replicas: which they ask, in what order, when they ask one more, and
 * that the answer is the same as asking all N.
 */
class ReadFanoutTest {
    private static final BucketProps PROPS = BucketProps.DEFAULTS;
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final long MS = 1_000_000L;
    private static final String SPECULATIVE = "ringkv.coordinator.read.speculative";

    /** R asked, one more after 20 ms, never all N by chance. */
    private static final ReadFanout QUORUM = ReadFanout.quorum(20 * MS, 0.0, () -> 0.5);

    private static RequestQuorum r(int r) {
        return new RequestQuorum(Quorum.of(r), null, null, null, null);
    }

    private static String value(VersionedObject o) {
        assertThat(o.siblings()).hasSize(1);
        return new String(o.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    /** Three replicas holding "v" for the key, with the record of what was sent cleared. */
    private static Replicas written() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.coordinator("a", 1000)
                .put("bkt", KEY, Replicas.blind("v"), PROPS, RequestQuorum.BUCKET_DEFAULTS)
                .get();
        replicas.sent.clear();
        return replicas;
    }

    /** Three replicas of which "a" and "b" hold "v" for the key and "c", down then, nothing. */
    private static Replicas writtenWhileCWasDown() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("c");
        replicas.coordinator("a", 1000)
                .put("bkt", KEY, Replicas.blind("v"), PROPS, RequestQuorum.BUCKET_DEFAULTS)
                .get();
        replicas.down.remove("c");
        replicas.sent.clear();
        return replicas;
    }

    private static List<String> gets(Replicas replicas) {
        return replicas.sent.stream()
                .filter(s -> s.endsWith(" Get"))
                .map(s -> s.substring(0, s.indexOf(' ')))
                .toList();
    }

    @Test
    void aReadAtR2AsksOnlyTwoReplicasWhenBothAnswer() throws Exception {
        Replicas replicas = written();

        CompletableFuture<ReadResult> read =
                replicas.coordinator("b", 1000, QUORUM).get("bkt", KEY, PROPS, r(2));

        assertThat(read).isDone();
        assertThat(value(read.get().object())).isEqualTo("v");
        assertThat(gets(replicas)).containsExactly("b", "a");
        assertThat(replicas.scheduler.pending()).isZero();
    }

    @Test
    void theCoordinatorsOwnReplicaIsAskedFirstAndOnesBelievedDownLast() throws Exception {
        Replicas replicas = written();
        replicas.gossipDown.add("a");

        replicas.coordinator("c", 1000, QUORUM).get("bkt", KEY, PROPS, r(2)).get();

        assertThat(gets(replicas)).containsExactly("c", "b");
    }

    @Test
    void aFailedReplicaIsReplacedByTheNextAtOnce() throws Exception {
        Replicas replicas = written();
        replicas.refusing.add("a");

        CompletableFuture<ReadResult> read =
                replicas.coordinator("b", 1000, QUORUM).get("bkt", KEY, PROPS, r(2));

        assertThat(read).isDone();
        assertThat(read.get().answered()).isEqualTo(2);
        assertThat(gets(replicas)).containsExactly("b", "a", "c");
        assertThat(replicas.metrics.count(SPECULATIVE)).isZero();
    }

    @Test
    void aSilentReplicaGetsASpeculativeRetryAfterTheDelayAndNotBefore() throws Exception {
        Replicas replicas = written();
        replicas.silent.add("a");

        CompletableFuture<ReadResult> read =
                replicas.coordinator("b", 1000, QUORUM).get("bkt", KEY, PROPS, r(2));
        replicas.scheduler.advance(19 * MS);
        assertThat(read).isNotDone();
        assertThat(gets(replicas)).containsExactly("b", "a");

        replicas.scheduler.advance(2 * MS);

        assertThat(read).isDone();
        assertThat(value(read.get().object())).isEqualTo("v");
        assertThat(gets(replicas)).containsExactly("b", "a", "c");
        assertThat(replicas.metrics.count(SPECULATIVE)).isEqualTo(1);
    }

    @Test
    void withoutASpeculativeDelayASilentReplicaFailsTheReadAtTheTimeout() throws Exception {
        Replicas replicas = written();
        replicas.silent.add("a");
        ReadFanout noRetry = ReadFanout.quorum(0, 0.0, () -> 0.5);

        CompletableFuture<ReadResult> read =
                replicas.coordinator("b", 500, noRetry).get("bkt", KEY, PROPS, r(2));
        replicas.scheduler.advance(501 * MS);

        assertThatThrownBy(read::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("a: no answer in time")
                .hasMessageNotContaining("c:");
        assertThat(gets(replicas)).containsExactly("b", "a");
    }

    @Test
    void theReadRepairChanceAsksEveryReplicaAndRepairsTheOneBehind() throws Exception {
        Replicas replicas = writtenWhileCWasDown();
        ReadFanout always = ReadFanout.quorum(20 * MS, 1.0, () -> 0.99);

        ReadResult read = replicas.coordinator("a", 1000, always)
                .get("bkt", KEY, PROPS, r(2))
                .get();

        assertThat(value(read.object())).isEqualTo("v");
        assertThat(gets(replicas)).containsExactly("a", "b", "c");
        assertThat(value(replicas.store("c").get("bkt", KEY))).isEqualTo("v");
    }

    @Test
    void aReadOutsideTheChanceLeavesAReplicaItDidNotAskBehind() throws Exception {
        Replicas replicas = writtenWhileCWasDown();
        ReadFanout tenth = ReadFanout.quorum(20 * MS, 0.1, () -> 0.5);

        replicas.coordinator("a", 1000, tenth).get("bkt", KEY, PROPS, r(2)).get();

        assertThat(replicas.store("c").get("bkt", KEY).siblings()).isEmpty();
    }

    @Test
    void aReadAtRAllAsksEveryReplica() throws Exception {
        Replicas replicas = written();

        ReadResult read = replicas.coordinator("a", 1000, QUORUM)
                .get("bkt", KEY, PROPS, r(3))
                .get();

        assertThat(read.answered()).isEqualTo(3);
        assertThat(gets(replicas)).containsExactly("a", "b", "c");
    }

    @Test
    void settingsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> ReadFanout.quorum(-1, 0.1, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("delay");
        assertThatThrownBy(() -> ReadFanout.quorum(0, 1.5, () -> 0.0))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1.5");
    }
}
