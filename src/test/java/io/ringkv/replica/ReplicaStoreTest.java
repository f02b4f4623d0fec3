package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.after;
import static io.ringkv.replica.ReplicaFixture.blind;
import static io.ringkv.replica.ReplicaFixture.deleteEverything;
import static io.ringkv.replica.ReplicaFixture.ifAbsent;
import static io.ringkv.replica.ReplicaFixture.text;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaStoreTest {
    private static final byte[] KEY = utf8("k");

    private ReplicaFixture fx;

    @AfterEach
    void close() throws IOException {
        if (fx != null) {
            fx.close();
        }
    }

    private ReplicaFixture fixture() throws IOException {
        fx = new ReplicaFixture();
        return fx;
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> s.deleted() ? "<deleted>" : text(s.content().value()))
                .sorted()
                .toList();
    }

    @Test
    void aNeverWrittenKeyIsAbsent() throws IOException {
        fixture();
        assertThat(fx.store.get("b", KEY)).isEqualTo(VersionedObject.ABSENT);
    }

    @Test
    void aWrittenValueIsReadBack() throws Exception {
        fixture();
        VersionedObject written = fx.store.put("b", KEY, blind(value("v1")));
        VersionedObject read = fx.store.get("b", KEY);
        assertThat(read).isEqualTo(written);
        assertThat(values(read)).containsExactly("v1");
        assertThat(read.siblings().get(0).dot().node()).isEqualTo(ReplicaFixture.NODE);
        assertThat(read.siblings().get(0).content().contentType()).isEqualTo("text/plain");
        assertThat(fx.store.get("other-bucket", KEY).isEmpty()).isTrue();
    }

    @Test
    void blindWritesBecomeSiblings() throws Exception {
        fixture();
        fx.store.put("b", KEY, blind(value("v1")));
        fx.store.put("b", KEY, blind(value("v2")));
        VersionedObject read = fx.store.put("b", KEY, blind(value("v3")));
        assertThat(values(read)).containsExactly("v1", "v2", "v3");
        assertThat(fx.store.get("b", KEY)).isEqualTo(read);
    }

    @Test
    void aWriteWithTheReadContextReplacesWhatWasRead() throws Exception {
        fixture();
        fx.store.put("b", KEY, blind(value("v1")));
        fx.store.put("b", KEY, blind(value("v2")));
        VersionedObject read = fx.store.get("b", KEY);

        VersionedObject written = fx.store.put("b", KEY, after(read.context(), value("resolved")));

        assertThat(values(written)).containsExactly("resolved");
        assertThat(written.context().descends(read.context())).isTrue();
        assertThat(values(fx.store.get("b", KEY))).containsExactly("resolved");
    }

    @Test
    void aWriteWithAnOlderContextKeepsTheNewerValueAsSibling() throws Exception {
        fixture();
        VersionedObject first = fx.store.put("b", KEY, blind(value("v1")));
        fx.store.put("b", KEY, after(first.context(), value("v2")));
        VersionedObject stale = fx.store.put("b", KEY, after(first.context(), value("v3")));
        assertThat(values(stale)).containsExactly("v2", "v3");
    }

    @Test
    void ifAbsentIsRefusedWhileALiveValueExistsAndAllowedAfterDelete() throws Exception {
        fixture();
        assertThat(values(fx.store.put("b", KEY, ifAbsent(value("first"))))).containsExactly("first");
        VersionedObject before = fx.store.get("b", KEY);

        assertThatThrownBy(() -> fx.store.put("b", KEY, ifAbsent(value("second"))))
                .isInstanceOfSatisfying(WriteRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(WriteRefusedException.Reason.KEY_EXISTS));
        assertThat(fx.store.get("b", KEY)).isEqualTo(before);

        fx.store.put("b", KEY, after(before.context(), Content.tombstone(Content.NO_EXPIRY)));
        assertThat(fx.store.get("b", KEY).isDeleted()).isTrue();

        VersionedObject again = fx.store.put("b", KEY, ifAbsent(value("third")));
        assertThat(values(again)).containsExactly("third");
    }

    @Test
    void aValueWrittenOverDeletionsHasNoTombstoneSibling() throws Exception {
        fixture();
        VersionedObject v1 = fx.store.put("b", KEY, blind(value("v1")));
        fx.store.put("b", KEY, after(v1.context(), Content.tombstone(Content.NO_EXPIRY)));
        // A second, concurrent deletion: the key now holds two tombstones and reads as absent.
        fx.store.put("b", KEY, blind(Content.tombstone(Content.NO_EXPIRY)));
        assertThat(fx.store.get("b", KEY).siblings()).hasSize(2).allMatch(Sibling::deleted);

        VersionedObject written = fx.store.put("b", KEY, blind(value("v2")));

        assertThat(values(written)).containsExactly("v2");
        assertThat(values(fx.store.get("b", KEY))).containsExactly("v2");
    }

    @Test
    void aDeleteWithoutContextSupersedesEverySibling() throws Exception {
        fixture();
        for (String v : new String[] {"v1", "v2", "v3"}) {
            fx.store.put("b", KEY, blind(value(v)));
        }
        VersionedObject deleted = fx.store.put("b", KEY, deleteEverything());
        assertThat(deleted.siblings()).singleElement().matches(Sibling::deleted);
        assertThat(fx.store.get("b", KEY).isDeleted()).isTrue();
    }

    @Test
    void aBlindDeleteOnlyAddsATombstoneSibling() throws Exception {
        fixture();
        fx.store.put("b", KEY, blind(value("v1")));
        VersionedObject object = fx.store.put("b", KEY, blind(Content.tombstone(Content.NO_EXPIRY)));
        assertThat(values(object)).containsExactly("<deleted>", "v1");
        assertThat(object.isDeleted()).isFalse();
    }

    @Test
    void anExpiredValueReadsAsAbsentAndItsDotIsNotReused() throws Exception {
        fixture();
        long expiresAt = fx.clock.millis() + 1000;
        VersionedObject written =
                fx.store.put("b", KEY, blind(Content.value("text/plain", utf8("short-lived"), expiresAt)));
        fx.advanceMillis(999);
        assertThat(values(fx.store.get("b", KEY))).containsExactly("short-lived");

        fx.advanceMillis(1);

        VersionedObject read = fx.store.get("b", KEY);
        assertThat(read.isDeleted()).isTrue();
        assertThat(read.isEmpty()).isTrue();
        VersionedObject next = fx.store.put("b", KEY, blind(value("later")));
        assertThat(values(next)).containsExactly("later");
        assertThat(written.context().covers(next.siblings().get(0).dot())).isFalse();
    }

    @Test
    void oneOfTwoSiblingsExpiring() throws Exception {
        fixture();
        fx.store.put("b", KEY, blind(Content.value("text/plain", utf8("brief"), fx.clock.millis() + 10)));
        fx.store.put("b", KEY, blind(value("lasting")));
        fx.advanceMillis(10);
        assertThat(values(fx.store.get("b", KEY))).containsExactly("lasting");
    }

    @Test
    void ifAbsentIsAllowedOnceTheValueHasExpired() throws Exception {
        fixture();
        fx.store.put("b", KEY, blind(Content.value("text/plain", utf8("brief"), fx.clock.millis() + 100)));
        assertThatThrownBy(() -> fx.store.put("b", KEY, ifAbsent(value("taken"))))
                .isInstanceOf(WriteRefusedException.class);
        fx.advanceMillis(100);
        assertThat(values(fx.store.put("b", KEY, ifAbsent(value("taken"))))).containsExactly("taken");
    }

    @Test
    void lastWriteWinsKeepsOneVersionForBlindWrites() throws Exception {
        fixture();
        WriteRequest first = new WriteRequest(VersionVector.EMPTY, value("v1"), false, ConflictResolution.LWW);
        WriteRequest second = new WriteRequest(VersionVector.EMPTY, value("v2"), false, ConflictResolution.LWW);
        fx.store.put("b", KEY, first);
        VersionedObject written = fx.store.put("b", KEY, second);
        assertThat(values(written)).containsExactly("v2");
        assertThat(values(fx.store.get("b", KEY))).containsExactly("v2");
    }

    @Test
    void bucketNamesTooLongForTheLayoutAreRefusedBeforeAnythingIsStored() {
        assertThatThrownBy(() -> fixture().store.put("x".repeat(256), KEY, blind(value("v"))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(fx.catalog.buckets()).isEmpty();
    }

    @Test
    void aWriteThatWouldExceedTheSiblingLimitIsRefusedAndNothingChanges() throws Exception {
        fx = new ReplicaFixture(16, new ReplicaLimits(2, 3, 1L << 20, 2L << 20));
        fx.store.put("b", KEY, blind(value("v1")));
        fx.store.put("b", KEY, blind(value("v2")));
        assertThat(fx.metrics.count("ringkv.replica.sibling.warnings")).isZero();
        fx.store.put("b", KEY, blind(value("v3")));
        assertThat(fx.metrics.count("ringkv.replica.sibling.warnings")).isEqualTo(1);
        VersionedObject before = fx.store.get("b", KEY);

        assertThatThrownBy(() -> fx.store.put("b", KEY, blind(value("v4"))))
                .isInstanceOfSatisfying(WriteRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(WriteRefusedException.Reason.TOO_MANY_SIBLINGS))
                .hasMessageContaining("4 siblings");

        assertThat(fx.store.get("b", KEY)).isEqualTo(before);
        assertThat(fx.metrics.count("ringkv.replica.writes.refused", "reason", "too-many-siblings"))
                .isEqualTo(1);
        assertThat(fx.metrics.count("ringkv.replica.writes.refused", "reason", "object-too-large"))
                .isZero();
        // Resolving with the read context still works.
        assertThat(values(fx.store.put("b", KEY, after(before.context(), value("one")))))
                .containsExactly("one");
    }

    @Test
    void aWriteThatWouldMakeTheObjectTooLargeIsRefusedAndNothingChanges() throws Exception {
        fx = new ReplicaFixture(16, new ReplicaLimits(100, 100, 200, 1000));
        fx.store.put("b", KEY, blind(value("x".repeat(100))));
        assertThat(fx.metrics.count("ringkv.replica.object.size.warnings")).isZero();
        fx.store.put("b", KEY, blind(value("y".repeat(300))));
        assertThat(fx.metrics.count("ringkv.replica.object.size.warnings")).isEqualTo(1);
        VersionedObject before = fx.store.get("b", KEY);

        assertThatThrownBy(() -> fx.store.put("b", KEY, blind(value("z".repeat(700)))))
                .isInstanceOfSatisfying(WriteRefusedException.class, e -> assertThat(e.reason())
                        .isEqualTo(WriteRefusedException.Reason.OBJECT_TOO_LARGE));

        assertThat(fx.store.get("b", KEY)).isEqualTo(before);
        assertThat(fx.metrics.count("ringkv.replica.writes.refused", "reason", "object-too-large"))
                .isEqualTo(1);
        assertThat(fx.metrics.count("ringkv.replica.writes.refused", "reason", "too-many-siblings"))
                .isZero();
        // Replacing both siblings makes the object small again.
        assertThat(values(fx.store.put("b", KEY, after(before.context(), value("small")))))
                .containsExactly("small");
    }

    @Test
    void objectsAndSiblingsSurviveCloseAndReopen() throws Exception {
        fixture();
        int keys = 300;
        for (int i = 0; i < keys; i++) {
            fx.store.put("b" + (i % 3), utf8("key-" + i), blind(value("first-" + i)));
            if (i % 4 == 0) {
                fx.store.put("b" + (i % 3), utf8("key-" + i), blind(value("second-" + i)));
            }
        }
        VersionedObject[] before = new VersionedObject[keys];
        for (int i = 0; i < keys; i++) {
            before[i] = fx.store.get("b" + (i % 3), utf8("key-" + i));
        }
        assertThat(fx.engine.tableCount()).as("writes crossed a flush").isPositive();

        fx.reopen();

        for (int i = 0; i < keys; i++) {
            assertThat(fx.store.get("b" + (i % 3), utf8("key-" + i)))
                    .as("key-%d", i)
                    .isEqualTo(before[i]);
        }
        assertThat(values(before[0])).containsExactly("first-0", "second-0");
        // New writes after reopening still become siblings with fresh dots.
        VersionedObject after = fx.store.put("b0", utf8("key-0"), blind(value("third-0")));
        assertThat(values(after)).containsExactly("first-0", "second-0", "third-0");
    }

    @Test
    void anAcknowledgedWriteSurvivesAPowerCut() throws Exception {
        fixture();
        VersionedObject written = fx.store.put("b", KEY, blind(value("durable")));
        fx.crashAndReopen();
        assertThat(fx.store.get("b", KEY)).isEqualTo(written);
        assertThat(fx.catalog.buckets()).containsExactly("b");
    }
}
