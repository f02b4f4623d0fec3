package io.ringkv.kv;

import static io.ringkv.kv.ConflictResolution.SIBLINGS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionedObjectTest {

    static Content text(String value) {
        return Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY);
    }

    static Content expiring(String value, long expiresAt) {
        return Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), expiresAt);
    }

    private static List<Dot> dots(VersionedObject object) {
        return object.siblings().stream().map(Sibling::dot).toList();
    }

    @Test
    void firstWriteGetsTheFirstDotOfItsCoordinator() {
        VersionedObject written = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("x"), 10, SIBLINGS);
        assertThat(dots(written)).containsExactly(new Dot("a", 1));
        assertThat(written.context()).isEqualTo(VersionVector.of(Map.of("a", 1L)));
        assertThat(written.siblings().get(0).content()).isEqualTo(text("x"));
        assertThat(written.siblings().get(0).timestamp()).isEqualTo(10);
    }

    @Test
    void writeWithTheReadContextReplacesAllSiblings() {
        VersionedObject two = VersionedObject.ABSENT
                .update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS)
                .update("b", VersionVector.EMPTY, text("y"), 2, SIBLINGS);
        assertThat(two.siblings()).hasSize(2);
        VersionedObject resolved = two.update("a", two.context(), text("z"), 3, SIBLINGS);
        assertThat(resolved.siblings())
                .singleElement()
                .extracting(Sibling::content)
                .isEqualTo(text("z"));
        assertThat(dots(resolved)).containsExactly(new Dot("a", 2));
    }

    @Test
    void blindWriteOntoAnExistingValueMakesTwoSiblings() {
        VersionedObject one = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS);
        VersionedObject two = one.update("a", VersionVector.EMPTY, text("y"), 2, SIBLINGS);
        assertThat(dots(two)).containsExactly(new Dot("a", 1), new Dot("a", 2));
        assertThat(two.isEmpty()).isFalse();
    }

    @Test
    void writeThatSawOneOfTwoSiblingsReplacesOnlyThatOne() {
        VersionedObject first = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS);
        VersionVector sawFirst = first.context();
        VersionedObject two = first.update("b", VersionVector.EMPTY, text("y"), 2, SIBLINGS);
        VersionedObject three = two.update("a", sawFirst, text("z"), 3, SIBLINGS);
        assertThat(dots(three)).containsExactly(new Dot("a", 2), new Dot("b", 1));
        assertThat(three.siblings()).extracting(Sibling::content).containsExactly(text("z"), text("y"));
    }

    @Test
    void countersIncreasePerNodeAndPassWhatTheClientSaw() {
        VersionedObject object = VersionedObject.ABSENT;
        for (int i = 1; i <= 3; i++) {
            object = object.update("a", object.context(), text("v" + i), i, SIBLINGS);
            assertThat(dots(object)).containsExactly(new Dot("a", i));
        }
        // A replica that missed a's writes still issues a dot past the client's context.
        VersionedObject lagging = VersionedObject.ABSENT.update("a", object.context(), text("w"), 9, SIBLINGS);
        assertThat(dots(lagging)).containsExactly(new Dot("a", 4));
        assertThat(lagging.context().counter("a")).isEqualTo(4);
    }

    @Test
    void contextCoversEverySiblingAndWhatTheClientSaw() {
        VersionVector seen = VersionVector.of(Map.of("c", 7L));
        VersionedObject object = VersionedObject.ABSENT
                .update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS)
                .update("b", seen, text("y"), 2, SIBLINGS);
        for (Sibling sibling : object.siblings()) {
            assertThat(object.context().covers(sibling.dot())).isTrue();
        }
        assertThat(object.context().descends(seen)).isTrue();
    }

    @Test
    void constructorSortsByDotAndRejectsDuplicateOrUncoveredDots() {
        VersionVector context = VersionVector.of(Map.of("a", 2L, "b", 1L));
        Sibling b1 = new Sibling(new Dot("b", 1), 1, text("b"));
        Sibling a2 = new Sibling(new Dot("a", 2), 1, text("a2"));
        Sibling a1 = new Sibling(new Dot("a", 1), 1, text("a1"));
        assertThat(dots(new VersionedObject(context, List.of(b1, a2, a1))))
                .containsExactly(new Dot("a", 1), new Dot("a", 2), new Dot("b", 1));
        assertThatThrownBy(() -> new VersionedObject(context, List.of(a1, a1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("share the dot");
        assertThatThrownBy(() -> new VersionedObject(VersionVector.of(Map.of("a", 1L)), List.of(a2)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not cover");
    }

    @Test
    void equalityComparesValueBytesByContent() {
        VersionedObject one = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS);
        VersionedObject same = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("x"), 1, SIBLINGS);
        VersionedObject other = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("y"), 1, SIBLINGS);
        assertThat(one).isEqualTo(same).hasSameHashCodeAs(same).isNotEqualTo(other);
        assertThat(one.toString()).contains("a=1").contains("text/plain");
    }

    @Test
    void absentIsEmptyAndDeleted() {
        assertThat(VersionedObject.ABSENT.isEmpty()).isTrue();
        assertThat(VersionedObject.ABSENT.isDeleted()).isTrue();
        assertThat(VersionedObject.ABSENT.context()).isEqualTo(VersionVector.EMPTY);
    }

    @Test
    void isDeletedOnlyWhenEverySiblingIsATombstone() {
        VersionedObject tomb =
                VersionedObject.ABSENT.update("a", VersionVector.EMPTY, Content.tombstone(5), 1, SIBLINGS);
        assertThat(tomb.isDeleted()).isTrue();
        assertThat(tomb.isEmpty()).isFalse();
        VersionedObject mixed = tomb.update("b", VersionVector.EMPTY, text("x"), 2, SIBLINGS);
        assertThat(mixed.isDeleted()).isFalse();
    }

    @Test
    void liveAtDropsExpiredSiblingsAndKeepsTheContext() {
        VersionedObject object = VersionedObject.ABSENT
                .update("a", VersionVector.EMPTY, expiring("x", 100), 1, SIBLINGS)
                .update("b", VersionVector.EMPTY, expiring("y", 200), 2, SIBLINGS)
                .update("c", VersionVector.EMPTY, text("z"), 3, SIBLINGS);
        assertThat(object.liveAt(99)).isSameAs(object);
        VersionedObject at100 = object.liveAt(100);
        assertThat(dots(at100)).containsExactly(new Dot("b", 1), new Dot("c", 1));
        assertThat(at100.context()).isEqualTo(object.context());
        assertThat(dots(object.liveAt(Long.MAX_VALUE))).containsExactly(new Dot("c", 1));
    }

    @Test
    void expiresAtIsTheLatestSiblingExpiryUnlessOneNeverExpires() {
        VersionedObject expiring = VersionedObject.ABSENT
                .update("a", VersionVector.EMPTY, expiring("x", 100), 1, SIBLINGS)
                .update("b", VersionVector.EMPTY, Content.tombstone(300), 2, SIBLINGS)
                .update("c", VersionVector.EMPTY, expiring("z", 200), 3, SIBLINGS);
        assertThat(expiring.expiresAtMillis()).isEqualTo(300);
        VersionedObject withForever = expiring.update("d", VersionVector.EMPTY, text("w"), 4, SIBLINGS);
        assertThat(withForever.expiresAtMillis()).isEqualTo(Content.NO_EXPIRY);
        assertThat(VersionedObject.ABSENT.expiresAtMillis()).isEqualTo(Content.NO_EXPIRY);
        VersionedObject allExpired = expiring.liveAt(1_000);
        assertThat(allExpired.isEmpty()).isTrue();
        assertThat(allExpired.expiresAtMillis()).isEqualTo(Content.NO_EXPIRY);
    }

    private static final WriteId WRITE = new WriteId(1, 2);

    /** The write {@code WRITE} applied by replica {@code node} on an empty key. */
    private static VersionedObject appliedAt(String node, long timestamp) {
        return VersionedObject.ABSENT.update(node, VersionVector.EMPTY, text("v"), timestamp, SIBLINGS, 1, WRITE);
    }

    @Test
    void aWriteAppliedUnderTwoDotsMergesToOneVersionInEitherOrder() {
        VersionedObject atA = appliedAt("a", 10);
        VersionedObject atB = appliedAt("b", 11);

        VersionedObject ab = atA.merge(atB, SIBLINGS);
        VersionedObject ba = atB.merge(atA, SIBLINGS);

        assertThat(ab).isEqualTo(ba);
        assertThat(dots(ab)).containsExactly(new Dot("a", 1));
        assertThat(ab.siblings().get(0).writeId()).isEqualTo(WRITE);
        // The dropped dot stays seen, so a replica holding only it drops it too.
        assertThat(ab.context().covers(new Dot("b", 1))).isTrue();
        assertThat(atB.merge(ab, SIBLINGS)).isEqualTo(ab);
        assertThat(ab.merge(atA, SIBLINGS).merge(atB, SIBLINGS)).isEqualTo(ab);
    }

    @Test
    void aWriteThatSawTheMergedVersionSupersedesBothCopies() {
        VersionedObject merged = appliedAt("a", 10).merge(appliedAt("b", 11), SIBLINGS);
        VersionedObject next = merged.update("c", merged.context(), text("w"), 12, SIBLINGS, 1, new WriteId(3, 4));

        assertThat(next.merge(appliedAt("b", 11), SIBLINGS).siblings())
                .singleElement()
                .extracting(Sibling::content)
                .isEqualTo(text("w"));
    }

    @Test
    void twoWritesOfTheSameValueWithDifferentWriteIdsStaySiblings() {
        VersionedObject one = VersionedObject.ABSENT.update("a", VersionVector.EMPTY, text("v"), 1, SIBLINGS, 1, WRITE);
        VersionedObject other =
                VersionedObject.ABSENT.update("b", VersionVector.EMPTY, text("v"), 2, SIBLINGS, 1, new WriteId(9, 9));

        assertThat(one.merge(other, SIBLINGS).siblings()).hasSize(2);
        assertThat(one.holdsWrite(WRITE)).isTrue();
        assertThat(other.holdsWrite(WRITE)).isFalse();
        assertThat(other.holdsWrite(null)).isFalse();
    }
}
