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

    /**
     * Many client writes, each of its own value, while replicas keep failing after storing the
     * writes they coordinate: no read ever answers one write as two siblings.
     */
    @Test
    void noReadAnswersOneWriteTwiceWhileCoordinatingReplicasFailAfterStoring() throws Exception {
        Replicas replicas = new Replicas("a", "b", "c", "d");
        java.util.Random random = new java.util.Random(20261204);
        String[] nodes = {"a", "b", "c", "d"};
        byte[][] keys = new byte[5][];
        for (int i = 0; i < keys.length; i++) {
            keys[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
        }
        RequestQuorum w2 = new RequestQuorum(null, Quorum.of(2), null, null, null);
        int written = 0;
        for (int i = 0; i < 300; i++) {
            replicas.failAfterCoordinating.clear();
            for (String node : nodes) {
                if (random.nextInt(3) == 0) {
                    replicas.failAfterCoordinating.add(node);
                }
            }
            byte[] key = keys[random.nextInt(keys.length)];
            String coordinator = nodes[random.nextInt(nodes.length)];
            WriteId id = new WriteId(i, random.nextLong());
            CompletableFuture<VersionedObject> put =
                    replicas.coordinator(coordinator, 1000).put("bkt", key, Replicas.blind("w" + i, id), PROPS, w2);
            if (!put.isCompletedExceptionally()) {
                written++;
            }
            if (random.nextInt(4) == 0) {
                // A client resolves the key's siblings, so that they stay below the limit.
                replicas.failAfterCoordinating.clear();
                ReadResult read = await(replicas.coordinator(coordinator, 1000).get("bkt", key, PROPS, ALL));
                await(replicas.coordinator(coordinator, 1000)
                        .put(
                                "bkt",
                                key,
                                new io.ringkv.protocol.WriteRequest(
                                        read.object().context(),
                                        io.ringkv.kv.Content.value("text/plain", new byte[] {'r'}, 0),
                                        false,
                                        io.ringkv.kv.ConflictResolution.SIBLINGS,
                                        new WriteId(-i, random.nextLong())),
                                PROPS,
                                w2));
            }
            replicas.failAfterCoordinating.clear();
            for (String reader : nodes) {
                VersionedObject read = await(replicas.coordinator(reader, 1000).get("bkt", key, PROPS, ALL))
                        .object();
                assertThat(read.siblings().stream().map(Sibling::writeId).distinct())
                        .as("write %d, read at %s: %s", i, reader, read)
                        .hasSize(read.siblings().size());
                assertThat(values(read).stream().filter(v -> !v.equals("r")).distinct())
                        .as("write %d, read at %s: %s", i, reader, read)
                        .hasSize((int) values(read).stream()
                                .filter(v -> !v.equals("r"))
                                .count());
            }
        }
        assertThat(written).isGreaterThan(100);
    }
}
