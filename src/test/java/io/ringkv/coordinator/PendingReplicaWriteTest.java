package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** While a key's range moves, its writes also go to the receiving (pending) replica and wait for it. */
class PendingReplicaWriteTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final RequestQuorum W2 = new RequestQuorum(null, Quorum.of(2), null, null, null);

    @Test
    void aWriteAckedByWOfTheServingReplicasWaitsForThePendingOne() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.pending.add("d");
        replicas.silent.add("c");
        replicas.holdMerges.add("d");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), BucketProps.DEFAULTS, W2);

        // a and b (w = 2 of the serving replicas) have it; d, which receives the range, has not answered.
        assertThat(put).isNotDone();
        assertThat(replicas.sent).contains("d Merge");
        replicas.releaseHeld();
        assertThat(put).isCompleted();
        assertThat(replicas.store("d").get("bkt", KEY).siblings()).hasSize(1);
    }

    @Test
    void aWriteFailsWhenThePendingReplicaAndOneServingReplicaCannotBeReached() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.pending.add("d");
        replicas.down.add("c");
        replicas.down.add("d");

        CompletableFuture<VersionedObject> put =
                replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v"), BucketProps.DEFAULTS, W2);

        assertThatThrownBy(put::get)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("needed 3");
    }

    @Test
    void readsDoNotAskThePendingReplica() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        replicas.pending.add("d");
        replicas.coordinator("a", 1000)
                .put("bkt", KEY, Replicas.blind("v"), BucketProps.DEFAULTS, W2)
                .get();
        replicas.sent.clear();

        ReadResult read = replicas.coordinator("a", 1000)
                .get("bkt", KEY, BucketProps.DEFAULTS, RequestQuorum.BUCKET_DEFAULTS)
                .get();

        assertThat(read.object().siblings()).hasSize(1);
        assertThat(replicas.sent).noneMatch(s -> s.startsWith("d "));
    }
}
