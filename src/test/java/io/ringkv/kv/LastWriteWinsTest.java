package io.ringkv.kv;

import static io.ringkv.kv.ConflictResolution.LWW;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LastWriteWinsTest {

    private static VersionedObject written(String node, long timestamp, Content content) {
        return VersionedObject.ABSENT.update(node, VersionVector.EMPTY, content, timestamp, LWW);
    }

    private static Content value(String type, int... bytes) {
        byte[] value = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            value[i] = (byte) bytes[i];
        }
        return Content.value(type, value, Content.NO_EXPIRY);
    }

    private static Sibling winnerOf(VersionedObject x, VersionedObject y) {
        VersionedObject merged = x.merge(y, LWW);
        assertThat(y.merge(x, LWW)).isEqualTo(merged);
        assertThat(merged.siblings()).hasSize(1);
        assertThat(merged.context()).isEqualTo(x.context().join(y.context()));
        return merged.siblings().get(0);
    }

    @Test
    void highestTimestampWins() {
        VersionedObject older = written("a", 5, value("t", 9));
        VersionedObject newer = written("b", 6, value("t", 1));
        assertThat(winnerOf(older, newer).dot()).isEqualTo(new Dot("b", 1));
    }

    @Test
    void blindWriteKeepsOnlyTheLaterVersion() {
        VersionedObject object = written("a", 5, value("t", 1)).update("a", VersionVector.EMPTY, value("t", 2), 3, LWW);
        assertThat(object.siblings())
                .singleElement()
                .extracting(Sibling::timestamp)
                .isEqualTo(5L);
        assertThat(object.context().counter("a")).isEqualTo(2);
    }

    @Test
    void writeThatSawTheCurrentVersionReplacesIt() {
        VersionedObject first = written("a", 5, value("t", 1));
        VersionedObject second = first.update("a", first.context(), value("t", 2), 3, LWW);
        assertThat(second.siblings())
                .singleElement()
                .extracting(Sibling::timestamp)
                .isEqualTo(3L);
    }

    @Test
    void onATimestampTieATombstoneWins() {
        VersionedObject live = written("a", 5, value("t", 0xFF));
        VersionedObject tomb = written("b", 5, Content.tombstone(0));
        assertThat(winnerOf(live, tomb).deleted()).isTrue();
    }

    @Test
    void thenTheGreaterValueBytesUnsignedWin() {
        VersionedObject small = written("b", 5, value("t", 0x7F, 0x7F));
        VersionedObject large = written("a", 5, value("t", 0x80));
        assertThat(winnerOf(small, large).dot()).isEqualTo(new Dot("a", 1));
    }

    @Test
    void thenTheGreaterContentTypeWins() {
        VersionedObject plain = written("b", 5, value("a/plain", 1));
        VersionedObject json = written("a", 5, value("b/json", 1));
        assertThat(winnerOf(plain, json).content().contentType()).isEqualTo("b/json");
    }

    @Test
    void thenTheGreaterDotWins() {
        VersionedObject onA = written("a", 5, value("t", 1));
        VersionedObject onB = written("b", 5, value("t", 1));
        assertThat(winnerOf(onA, onB).dot()).isEqualTo(new Dot("b", 1));
        VersionedObject a2 = onA.update("a", VersionVector.EMPTY, value("t", 1), 5, LWW);
        assertThat(a2.siblings()).singleElement().extracting(Sibling::dot).isEqualTo(new Dot("a", 2));
    }

    @Test
    void lwwMergeIsCommutativeAssociativeAndIdempotentOnRandomHistories() {
        for (int i = 0; i < 2_000; i++) {
            long seed = 0x1EEL + i;
            Random random = new Random(seed);
            ReplicaHistory history = ReplicaHistory.generate(random, 30, LWW);
            VersionedObject a = history.randomState(random);
            VersionedObject b = history.randomState(random);
            VersionedObject c = history.randomState(random);
            assertThat(a.siblings().size()).as("seed %d", seed).isLessThanOrEqualTo(1);
            assertThat(a.merge(b, LWW)).as("commutative, seed %d", seed).isEqualTo(b.merge(a, LWW));
            assertThat(a.merge(b, LWW).merge(c, LWW))
                    .as("associative, seed %d", seed)
                    .isEqualTo(a.merge(b.merge(c, LWW), LWW));
            assertThat(a.merge(a, LWW)).as("idempotent, seed %d", seed).isEqualTo(a);
        }
    }
}
