package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

class VersionVectorTest {
    private static final VersionVector A2B1 = VersionVector.of(Map.of("b", 1L, "a", 2L));

    @Test
    void coversExactlyTheDotsUpToEachNodesCounter() {
        assertThat(A2B1.covers(new Dot("a", 1))).isTrue();
        assertThat(A2B1.covers(new Dot("a", 2))).isTrue();
        assertThat(A2B1.covers(new Dot("a", 3))).isFalse();
        assertThat(A2B1.covers(new Dot("c", 1))).isFalse();
        assertThat(VersionVector.EMPTY.covers(new Dot("a", 1))).isFalse();
    }

    @Test
    void counterIsZeroForUnknownNodes() {
        assertThat(A2B1.counter("a")).isEqualTo(2);
        assertThat(A2B1.counter("z")).isZero();
    }

    @Test
    void entriesAreSortedByNodeAndUnmodifiable() {
        assertThat(A2B1.entries().keySet()).containsExactly("a", "b");
        assertThatThrownBy(() -> A2B1.entries().put("c", 1L)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(A2B1.size()).isEqualTo(2);
        assertThat(VersionVector.EMPTY.isEmpty()).isTrue();
    }

    @Test
    void rejectsNonPositiveCountersAndEmptyNodes() {
        assertThatThrownBy(() -> VersionVector.of(Map.of("a", 0L))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> VersionVector.of(Map.of("", 1L))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void descendsWhenEveryCounterIsAtLeastAsHigh() {
        VersionVector a1 = VersionVector.of(Map.of("a", 1L));
        VersionVector c1 = VersionVector.of(Map.of("c", 1L));
        assertThat(A2B1.descends(a1)).isTrue();
        assertThat(a1.descends(A2B1)).isFalse();
        assertThat(A2B1.descends(c1)).isFalse();
        assertThat(A2B1.descends(VersionVector.EMPTY)).isTrue();
        assertThat(A2B1.descends(A2B1)).isTrue();
    }

    @Test
    void joinTakesThePointwiseMaximum() {
        VersionVector other = VersionVector.of(Map.of("a", 1L, "b", 3L, "c", 1L));
        VersionVector joined = A2B1.join(other);
        assertThat(joined).isEqualTo(VersionVector.of(Map.of("a", 2L, "b", 3L, "c", 1L)));
        assertThat(other.join(A2B1)).isEqualTo(joined);
        assertThat(joined.descends(A2B1)).isTrue();
        assertThat(joined.descends(other)).isTrue();
    }

    @Test
    void withRaisesTheCounterButNeverLowersIt() {
        assertThat(A2B1.with(new Dot("a", 5)).counter("a")).isEqualTo(5);
        assertThat(A2B1.with(new Dot("a", 1)).counter("a")).isEqualTo(2);
        assertThat(A2B1.with(new Dot("c", 1))).isEqualTo(VersionVector.of(Map.of("a", 2L, "b", 1L, "c", 1L)));
    }

    @Test
    void equalVectorsHaveEqualHashesAndReadableText() {
        VersionVector same = VersionVector.of(Map.of("a", 2L, "b", 1L));
        assertThat(same).isEqualTo(A2B1).hasSameHashCodeAs(A2B1);
        assertThat(same).isNotEqualTo(VersionVector.of(Map.of("a", 2L)));
        assertThat(A2B1).hasToString("{a=2, b=1}");
        assertThat(VersionVector.of(Map.of())).isSameAs(VersionVector.EMPTY);
    }
}
