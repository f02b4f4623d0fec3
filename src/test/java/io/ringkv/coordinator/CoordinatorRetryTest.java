package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * A coordinating replica that stored a write and then failed to answer makes the coordinator try
 * the next replica: the write is still stored once, as one version, on every replica.
 */
class CoordinatorRetryTest {
    private static final BucketProps PROPS = BucketProps.DEFAULTS;
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    private static final RequestQuorum ALL = new RequestQuorum(Quorum.of(3), Quorum.of(3), null, null, null);

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        assertThat(f).isDone();
        return f.get();
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> new String(s.content().value(), StandardCharsets.UTF_8))
                .toList();
    }

    @Test
    void aRetryAfterTheCoordinatingReplicaAppliedTheWriteLeavesOneVersion() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        replicas.failAfterCoordinating.add("a");
        WriteId write = new WriteId(7, 7);

        VersionedObject stored = await(replicas.coordinator("a", 1000)
                .put(
                        "bkt",
                        KEY,
                        Replicas.blind("v", write),
                        PROPS,
                        new RequestQuorum(null, Quorum.of(2), null, null, null)));

        assertThat(replicas.sent).startsWith("a Coordinate", "b Coordinate");
        assertThat(values(stored)).containsExactly("v");
        // a stored the write under its own dot before it failed; b stored it again under another.
        VersionedObject atA = replicas.store("a").get("bkt", KEY);
        assertThat(atA.siblings().get(0).dot())
                .isNotEqualTo(stored.siblings().get(0).dot());

        // A read that meets both copies answers one version, and its repair leaves one everywhere.
        ReadResult read = await(replicas.coordinator("c", 1000).get("bkt", KEY, PROPS, ALL));
        assertThat(values(read.object())).containsExactly("v");
        assertThat(read.object().siblings()).extracting(Sibling::writeId).containsExactly(write);
        for (String node : new String[] {"a", "b", "c"}) {
            assertThat(replicas.store(node).get("bkt", KEY)).as(node).isEqualTo(read.object());
        }
    }

    @Test
    void aCoordinatingReplicaThatGetsTheSameWriteAgainStoresItOnce() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c");
        WriteId write = new WriteId(1, 1);
        VersionedObject first =
                await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v", write), PROPS, ALL));

        // The same call again, as a transport that resends it on a broken connection would.
        VersionedObject again =
                await(replicas.coordinator("a", 1000).put("bkt", KEY, Replicas.blind("v", write), PROPS, ALL));

        assertThat(again).isEqualTo(first);
        assertThat(values(replicas.store("b").get("bkt", KEY))).containsExactly("v");
    }
}
