package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.text;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ClientContext;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.protocol.WriteRequest;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One client write stored under two dots (a coordinator's retry reached a second coordinating
 * replica before the first one's copy did): a client that read it under one dot and writes at the
 * replica holding the other replaces it there too, because its context names the write's id.
 */
class ReplicaStoreSeenWriteIdsTest {
    private static final byte[] KEY = utf8("k");
    private static final WriteId X = new WriteId(7, 8);
    private static final WriteId W = new WriteId(9, 10);

    private ReplicaFixture fx;
    /** X as the first coordinating replica stored it: under its dot A. */
    private VersionedObject xUnderA;

    @BeforeEach
    void open() throws Exception {
        fx = new ReplicaFixture();
        xUnderA = VersionedObject.ABSENT.update(
                "n0~1", VersionVector.EMPTY, value("x"), 5, ConflictResolution.SIBLINGS, 1, X);
        // The retry of X reached this replica first: it stores X under its own dot B.
        fx.store.put("b", KEY, write(VersionVector.EMPTY, Set.of(), value("x"), X));
    }

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    private static WriteRequest write(VersionVector seen, Set<WriteId> seenIds, Content content, WriteId id) {
        return new WriteRequest(seen, content, false, ConflictResolution.SIBLINGS, id, seenIds);
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> s.deleted() ? "<deleted>" : text(s.content().value()))
                .sorted()
                .toList();
    }

    @Test
    void aWriteWhoseContextSawTheWriteUnderAnotherDotReplacesItsCopyHere() throws Exception {
        ClientContext read = ClientContext.of(xUnderA); // the client read X under A

        VersionedObject written = fx.store.put("b", KEY, write(read.vector(), read.writeIds(), value("w"), W));

        assertThat(values(written)).containsExactly("w");
        assertThat(fx.store.get("b", KEY)).isEqualTo(written);
        // Both of X's dots are covered now: its copies elsewhere are dropped by merges, either way.
        assertThat(values(fx.store.merge("b", KEY, xUnderA, ConflictResolution.SIBLINGS)))
                .containsExactly("w");
        assertThat(values(xUnderA.merge(written, ConflictResolution.SIBLINGS))).containsExactly("w");
    }

    @Test
    void withoutTheIdsTheOtherCopyStaysASibling() throws Exception {
        VersionedObject written = fx.store.put("b", KEY, write(xUnderA.context(), Set.of(), value("w"), W));

        assertThat(values(written)).containsExactly("w", "x");
    }

    @Test
    void onlyTheVersionsOfTheSeenWritesAreReplaced() throws Exception {
        VersionedObject concurrent = VersionedObject.ABSENT.update(
                "n1~1", VersionVector.EMPTY, value("y"), 6, ConflictResolution.SIBLINGS, 1, new WriteId(1, 2));
        fx.store.merge("b", KEY, concurrent, ConflictResolution.SIBLINGS);

        VersionedObject written = fx.store.put("b", KEY, write(xUnderA.context(), Set.of(X), value("w"), W));

        assertThat(values(written)).containsExactly("w", "y");
    }

    @Test
    void aDeleteWhoseContextSawTheWriteRemovesItsCopyHere() throws Exception {
        VersionedObject deleted =
                fx.store.put("b", KEY, write(xUnderA.context(), Set.of(X), Content.tombstone(Content.NO_EXPIRY), W));

        assertThat(values(deleted)).containsExactly("<deleted>");
    }

    @Test
    void reusingTheIdOfASeenWriteIsANewWriteThatReplacesIt() throws Exception {
        // The client's idempotency key named X; it read X under A and writes again with that key.
        VersionedObject next = fx.store.put("b", KEY, write(xUnderA.context(), Set.of(X), value("x2"), X));

        assertThat(values(next)).containsExactly("x2");
    }

    @Test
    void aRepeatOfAWriteStillSupersedesTheSeenWrites() throws Exception {
        VersionedObject first = fx.store.put("b", KEY, write(VersionVector.EMPTY, Set.of(), value("w"), W));
        assertThat(values(first)).containsExactly("w", "x");

        VersionedObject again = fx.store.put("b", KEY, write(xUnderA.context(), Set.of(X), value("w"), W));

        assertThat(values(again)).containsExactly("w");
    }
}
