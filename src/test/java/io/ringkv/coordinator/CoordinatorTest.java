package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/** Quorum reads and writes over three real replicas, with replicas down, silent or behind. */
class CoordinatorTest {
    private static final BucketProps PROPS = BucketProps.DEFAULTS;
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    private static RequestQuorum w(int w) {
        return new RequestQuorum(null, Quorum.of(w), null, null, null);
    }

    private static RequestQuorum r(int r) {
        return new RequestQuorum(Quorum.of(r), null, null, null, null);
    }

    private static String value(VersionedObject o) {
        assertThat(o.siblings()).hasSize(1);
        return new String(o.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        assertThat(f).isDone();
        return f.get();
    }

    @Test
    void aWriteAtQuorumIsStoredOnEveryReachableReplicaAndReadBackAnywhere() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        await(replicas.coordinator("a", 1000)
                .put("bkt", KEY, Replicas.blind("v1"), PROPS, RequestQuorum.BUCKET_DEFAULTS));

        for (String node : new String[] {"a", "b", "c"}) {
            assertThat(value(replicas.store(node).get("bkt", KEY))).isEqualTo("v1");
        }
        ReadResult read = await(replicas.coordinator("c", 1000).get("bkt", KEY, PROPS, r(3)));
        assertThat(value(read.object())).isEqualTo("v1");
        assertThat(read.answered()).isEqualTo(3);
    }

    @Test
    void aWriteSucceedsWithOneReplicaDownAtW2AndFailsAtW3NamingIt() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("c");

        assertThat(value(await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2)))))
                .isEqualTo("v");
        CompletableFuture<VersionedObject> all =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v2"), PROPS, w(3));
        assertThatThrownBy(all::get)
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("needed 3")
                .hasMessageContaining("c: ConnectException");
    }

    @Test
    void aSilentReplicaFailsTheQuorumWhenTheTimeoutPasses() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.silent.add("b");
        replicas.silent.add("c");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 500).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2));
        assertThat(put).isNotDone();
        replicas.scheduler.advance(499_000_000L);
        assertThat(put).isNotDone();
        replicas.scheduler.advance(2_000_000L);

        assertThatThrownBy(put::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("b: no answer in time")
                .hasMessageContaining("c: no answer in time");
    }

    @Test
    void whenTheCoordinatingReplicaCannotBeReachedTheNextOneCoordinates() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.refusing.add("a");

        VersionedObject stored =
                await(replicas.coordinator("d", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2)));

        assertThat(stored.siblings().get(0).dot().node()).isEqualTo("b");
        assertThat(replicas.sent).startsWith("a Coordinate", "b Coordinate");
    }

    @Test
    void aReplicaGossipSeesDownIsNotAskedToCoordinate() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.down.add("a");

        VersionedObject stored =
                await(replicas.coordinator("d", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2)));

        assertThat(stored.siblings().get(0).dot().node()).isEqualTo("b");
        assertThat(replicas.sent).startsWith("b Coordinate");
    }

    @Test
    void readRepairBringsABehindReplicaUpToDate() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("c");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2)));
        replicas.down.clear();
        assertThat(replicas.store("c").get("bkt", KEY).isEmpty()).isTrue();

        ReadResult read = await(replicas.coordinator("b", 1000).get("bkt", KEY, PROPS, r(2)));

        assertThat(value(read.object())).isEqualTo("v");
        assertThat(value(replicas.store("c").get("bkt", KEY))).isEqualTo("v");
        assertThat(replicas.metrics.count("ringkv.coordinator.read.repairs")).isEqualTo(1);
    }

    @Test
    void aBucketWithSynchronousReadRepairAnswersOnlyOnceTheStaleReplicaHasTheVersions() throws Exception {
        BucketProps sync = new BucketProps(
                3,
                Quorum.QUORUM,
                Quorum.QUORUM,
                Quorum.of(0),
                Quorum.of(0),
                Quorum.QUORUM,
                ConflictResolution.SIBLINGS,
                true,
                0,
                true);
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("c");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), sync, w(2)));
        replicas.down.clear();
        replicas.holdMerges.add("c");

        CompletableFuture<ReadResult> read = replicas.coordinator("b", 1000).get("bkt", KEY, sync, r(3));

        assertThat(read).isNotDone();
        assertThat(replicas.store("c").get("bkt", KEY).isEmpty()).isTrue();
        replicas.releaseHeld();
        assertThat(value(await(read).object())).isEqualTo("v");
        assertThat(value(replicas.store("c").get("bkt", KEY))).isEqualTo("v");
        assertThat(replicas.metrics.count("ringkv.coordinator.read.repairs")).isEqualTo(1);
    }

    @Test
    void withBackgroundReadRepairTheReadDoesNotWaitForIt() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("c");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(2)));
        replicas.down.clear();
        replicas.holdMerges.add("c");

        CompletableFuture<ReadResult> read = replicas.coordinator("b", 1000).get("bkt", KEY, PROPS, r(3));

        assertThat(value(await(read).object())).isEqualTo("v");
        assertThat(replicas.store("c").get("bkt", KEY).isEmpty()).isTrue();
        replicas.releaseHeld();
        assertThat(value(replicas.store("c").get("bkt", KEY))).isEqualTo("v");
    }

    @Test
    void concurrentBlindWritesAtDifferentCoordinatorsBothSurviveAsSiblings() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.down.add("b");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("from-a"), PROPS, w(1)));
        replicas.down.clear();
        replicas.down.add("a");
        await(replicas.coordinator("b", 1000).put("bkt", KEY, Replicas.blind("from-b"), PROPS, w(1)));
        replicas.down.clear();

        ReadResult read = await(replicas.coordinator("c", 1000).get("bkt", KEY, PROPS, r(3)));

        assertThat(read.object().siblings()).hasSize(2);
        VersionedObject resolved = await(replicas.coordinator("c", 1000)
                .put(
                        "bkt",
                        KEY,
                        new WriteRequest(
                                read.object().context(),
                                Replicas.blind("both").content(),
                                false,
                                ConflictResolution.SIBLINGS),
                        PROPS,
                        w(3)));
        assertThat(value(resolved)).isEqualTo("both");
        assertThat(value(await(replicas.coordinator("a", 1000).get("bkt", KEY, PROPS, r(3)))
                        .object()))
                .isEqualTo("both");
    }

    @Test
    void aRefusalOfTheCoordinatingReplicaIsTheAnswer() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(3)));
        WriteRequest ifAbsent = new WriteRequest(
                VersionVector.EMPTY, Replicas.blind("again").content(), true, ConflictResolution.SIBLINGS);

        CompletableFuture<VersionedObject> put = replicas.coordinator("a", 1000).put("bkt", KEY, ifAbsent, PROPS, w(2));

        assertThatThrownBy(put::get).cause().isInstanceOf(WriteRefusedException.class);
        assertThat(value(replicas.store("b").get("bkt", KEY))).isEqualTo("v");
    }

    @Test
    void countsBeyondTheBucketsNAreRefusedAndSymbolicOnesShrinkToTheCluster() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        assertThatThrownBy(() -> replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), PROPS, w(4)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("w must be between 1 and the bucket's n (3)");

        Replicas single = new Replicas("solo");
        VersionedObject stored = await(single.coordinator("solo", 1000)
                .put("bkt", KEY, Replicas.blind("v"), PROPS, RequestQuorum.BUCKET_DEFAULTS));
        assertThat(value(stored)).isEqualTo("v");
    }
}
