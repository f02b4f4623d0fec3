package io.ringkv.replica;

import static io.ringkv.replica.ReplicaFixture.after;
import static io.ringkv.replica.ReplicaFixture.blind;
import static io.ringkv.replica.ReplicaFixture.text;
import static io.ringkv.replica.ReplicaFixture.utf8;
import static io.ringkv.replica.ReplicaFixture.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.sim.SimClock;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReplicaStoreMergeTest {
    private static final String REMOTE = "node-b";
    private static final byte[] KEY = utf8("k");

    private final ReplicaFixture fx = new ReplicaFixture();
    private final SimClock remoteClock = new SimClock();
    private final Hlc remoteHlc = new Hlc(remoteClock);

    ReplicaStoreMergeTest() throws IOException {}

    @AfterEach
    void close() throws IOException {
        fx.close();
    }

    private static List<String> values(VersionedObject object) {
        return object.siblings().stream()
                .map(s -> s.deleted() ? "<deleted>" : text(s.content().value()))
                .sorted()
                .toList();
    }

    /** A write the remote replica coordinated over what it had, {@code base}, having seen {@code seen}. */
    private VersionedObject remoteWrite(VersionedObject base, VersionVector seen, String v) {
        return base.update(REMOTE, seen, value(v), remoteHlc.now(), ConflictResolution.SIBLINGS);
    }

    private long storedSequence() throws IOException {
        return fx.engine.getEntry(fx.storageKey("b", KEY)).sequence();
    }

    @Test
    void versionsFromAnotherReplicaAreKeptPastTheSiblingLimitAndOnlyClientWritesAreRefused() throws Exception {
        try (ReplicaFixture limited = new ReplicaFixture(16, new ReplicaLimits(2, 3, 1L << 20, 2L << 20))) {
            limited.store.put(
                    "b",
                    KEY,
                    new WriteRequest(VersionVector.EMPTY, value("local"), false, ConflictResolution.SIBLINGS));
            // Four concurrent versions another replica took: with the local one, five siblings.
            VersionedObject remote = VersionedObject.ABSENT;
            for (int i = 0; i < 4; i++) {
                remote = remote.merge(
                        VersionedObject.ABSENT.update(
                                "node-" + i,
                                VersionVector.EMPTY,
                                value("r" + i),
                                remoteHlc.now(),
                                ConflictResolution.SIBLINGS),
                        ConflictResolution.SIBLINGS);
            }

            VersionedObject merged = limited.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

            assertThat(values(merged)).containsExactly("local", "r0", "r1", "r2", "r3");
            assertThat(limited.store.get("b", KEY)).isEqualTo(merged);
            assertThat(limited.metrics.count("ringkv.replica.merges.over.limit"))
                    .isEqualTo(1);
            assertThatThrownBy(() -> limited.store.put(
                            "b",
                            KEY,
                            new WriteRequest(VersionVector.EMPTY, value("blind"), false, ConflictResolution.SIBLINGS)))
                    .isInstanceOf(WriteRefusedException.class)
                    .hasMessageContaining("6 siblings");
            VersionedObject resolved = limited.store.put(
                    "b",
                    KEY,
                    new WriteRequest(merged.context(), value("resolved"), false, ConflictResolution.SIBLINGS));
            assertThat(values(resolved)).containsExactly("resolved");
        }
    }

    @Test
    void aConcurrentRemoteVersionBecomesASibling() throws Exception {
        fx.store.put("b", KEY, blind(value("local")));
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "remote");

        VersionedObject merged = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

        assertThat(values(merged)).containsExactly("local", "remote");
        assertThat(fx.store.get("b", KEY)).isEqualTo(merged);
        assertThat(merged.context().descends(remote.context())).isTrue();
    }

    @Test
    void aRemoteVersionThatSupersedesTheLocalOnesReplacesThem() throws Exception {
        fx.store.put("b", KEY, blind(value("local-1")));
        VersionedObject local = fx.store.put("b", KEY, blind(value("local-2")));
        VersionedObject remote = remoteWrite(local, local.context(), "resolved-remotely");

        VersionedObject merged = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

        assertThat(values(merged)).containsExactly("resolved-remotely");
        assertThat(fx.store.get("b", KEY)).isEqualTo(merged);
    }

    @Test
    void aRemoteVersionTheLocalOneSupersedesIsDropped() throws Exception {
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "old");
        fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);
        VersionedObject local = fx.store.put("b", KEY, after(remote.context(), value("new")));
        assertThat(values(local)).containsExactly("new");
        long sequence = storedSequence();

        VersionedObject merged = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

        assertThat(merged).isEqualTo(local);
        assertThat(storedSequence()).as("nothing was written").isEqualTo(sequence);
    }

    @Test
    void mergingTheSameObjectTwiceChangesNothing() throws Exception {
        fx.store.put("b", KEY, blind(value("local")));
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "remote");
        VersionedObject once = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);
        long sequence = storedSequence();

        VersionedObject twice = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);
        VersionedObject itself = fx.store.merge("b", KEY, once, ConflictResolution.SIBLINGS);

        assertThat(twice).isEqualTo(once);
        assertThat(itself).isEqualTo(once);
        assertThat(fx.store.get("b", KEY)).isEqualTo(once);
        assertThat(storedSequence()).as("nothing was written").isEqualTo(sequence);
    }

    @Test
    void mergingIntoAnAbsentKeyStoresTheRemoteObjectAndRegistersTheBucket() throws Exception {
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "remote");
        assertThat(fx.store.merge("fresh", KEY, remote, ConflictResolution.SIBLINGS))
                .isEqualTo(remote);
        assertThat(fx.store.get("fresh", KEY)).isEqualTo(remote);
        assertThat(fx.catalog.buckets()).containsExactly("fresh");
    }

    @Test
    void lastWriteWinsKeepsOnlyTheLaterVersion() throws Exception {
        fx.store.put("b", KEY, blind(value("local")));
        remoteClock.advanceMillis(60_000); // the remote write is a minute later
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "remote");

        VersionedObject merged = fx.store.merge("b", KEY, remote, ConflictResolution.LWW);

        assertThat(values(merged)).containsExactly("remote");
    }

    @Test
    void aLocalWriteAfterMergingIsLaterThanTheRemoteVersionEvenIfTheRemoteClockIsAhead() throws Exception {
        remoteClock.advanceMillis(3_600_000);
        VersionedObject remote = remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "from-the-future");
        VersionedObject merged = fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

        VersionedObject local = fx.store.put("b", KEY, after(merged.context(), value("now")));

        assertThat(local.siblings()).singleElement().satisfies(s -> assertThat(s.timestamp())
                .isGreaterThan(remote.siblings().get(0).timestamp()));
    }

    @Test
    void mergingOnlyExpiredVersionsLeavesNothingStored() throws Exception {
        long expiresAt = fx.clock.millis() - 1;
        VersionedObject expired = VersionedObject.ABSENT.update(
                REMOTE,
                VersionVector.EMPTY,
                Content.tombstone(expiresAt),
                remoteHlc.now(),
                ConflictResolution.SIBLINGS);

        VersionedObject merged = fx.store.merge("b", KEY, expired, ConflictResolution.SIBLINGS);

        assertThat(merged.isEmpty()).isTrue();
        assertThat(fx.store.get("b", KEY).isEmpty()).isTrue();
        // An object without versions must not stay in the engine forever.
        assertThat(fx.engine.get(fx.storageKey("b", KEY))).isNull();
    }

    @Test
    void aRemoteVersionThatSupersedesLocalOnesButHasExpiredLeavesTheKeyAbsent() throws Exception {
        VersionedObject local = fx.store.put("b", KEY, blind(value("local")));
        VersionedObject remote = local.update(
                REMOTE,
                local.context(),
                Content.tombstone(fx.clock.millis() - 1),
                remoteHlc.now(),
                ConflictResolution.SIBLINGS);

        fx.store.merge("b", KEY, remote, ConflictResolution.SIBLINGS);

        assertThat(fx.store.get("b", KEY).isDeleted()).isTrue();
        assertThat(fx.engine.get(fx.storageKey("b", KEY))).isNull();
    }

    @Test
    void mergedSiblingsSurviveReopen() throws Exception {
        fx.store.put("b", KEY, blind(value("local")));
        VersionedObject merged = fx.store.merge(
                "b",
                KEY,
                remoteWrite(VersionedObject.ABSENT, VersionVector.EMPTY, "remote"),
                ConflictResolution.SIBLINGS);
        fx.reopen();
        assertThat(fx.store.get("b", KEY)).isEqualTo(merged);
    }
}
