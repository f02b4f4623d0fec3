package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.text;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.protocol.WriteRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A write that reaches a replica again under its write id is not stored a second time. */
class ReplicaStoreWriteIdTest {
    private static final byte[] KEY = utf8("k");
    private static final WriteId WRITE = new WriteId(11, 12);

    private ReplicaFixture fx;

    @BeforeEach
    void open() throws IOException {
        fx = new ReplicaFixture();
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    private static WriteRequest write(VersionVector seen, Content content, boolean ifAbsent, WriteId id) {
        return new WriteRequest(seen, content, ifAbsent, ConflictResolution.SIBLINGS, id);
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> s.deleted() ? "<deleted>" : text(s.content().value()))
                .sorted()
                .toList();
    }

    @Test
    void theSameWriteTwiceIsStoredOnce() throws Exception {
        VersionedObject first = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, WRITE));

        VersionedObject again = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, WRITE));

        assertThat(again).isEqualTo(first);
        assertThat(fx.store.get("b", KEY)).isEqualTo(first);
        assertThat(first.siblings().get(0).writeId()).isEqualTo(WRITE);
        assertThat(fx.metrics.count("ringkv.replica.writes.repeated")).isEqualTo(1);
    }

    @Test
    void aRepeatedDeleteAddsNoSecondTombstone() throws Exception {
        fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, new WriteId(1, 1)));
        VersionedObject read = fx.store.get("b", KEY);
        Content tombstone = Content.tombstone(Content.NO_EXPIRY);
        VersionedObject deleted = fx.store.put("b", KEY, write(read.context(), tombstone, false, WRITE));

        assertThat(fx.store.put("b", KEY, write(read.context(), tombstone, false, WRITE)))
                .isEqualTo(deleted);
        assertThat(fx.store.put("b", KEY, write(null, tombstone, false, WRITE))).isEqualTo(deleted);
        assertThat(values(fx.store.get("b", KEY))).containsExactly("<deleted>");
    }

    @Test
    void aRepeatedCreateIfAbsentSucceedsWithTheStoredVersion() throws Exception {
        VersionedObject created = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), true, WRITE));

        assertThat(fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), true, WRITE)))
                .isEqualTo(created);
    }

    @Test
    void aWriteThatArrivedByReplicationIsNotAppliedAgainHere() throws Exception {
        // Another replica applied the write first; its version reached this one by a merge.
        VersionedObject elsewhere = VersionedObject.ABSENT.update(
                "other~1", VersionVector.EMPTY, value("v"), 5, ConflictResolution.SIBLINGS, 1, WRITE);
        fx.store.merge("b", KEY, elsewhere, ConflictResolution.SIBLINGS);

        VersionedObject retried = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, WRITE));

        assertThat(retried).isEqualTo(elsewhere);
    }

    @Test
    void equalValuesOfTwoWritesAreTwoVersions() throws Exception {
        fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, new WriteId(1, 1)));

        VersionedObject both = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, new WriteId(2, 2)));

        assertThat(values(both)).containsExactly("v", "v");
    }

    @Test
    void aWriteIdReusedWithAContextThatSawItsVersionIsANewWrite() throws Exception {
        VersionedObject first = fx.store.put("b", KEY, write(VersionVector.EMPTY, value("v"), false, WRITE));

        VersionedObject next = fx.store.put("b", KEY, write(first.context(), value("w"), false, WRITE));

        assertThat(values(next)).containsExactly("w");
        assertThat(fx.store.get("b", KEY)).isEqualTo(next);
    }
}
