package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class QuorumTest {
    @Test
    void symbolicFormsParseInAnyCase() {
        assertThat(Quorum.parse("one")).isEqualTo(Quorum.ONE);
        assertThat(Quorum.parse("QUORUM")).isEqualTo(Quorum.QUORUM);
        assertThat(Quorum.parse(" All ")).isEqualTo(Quorum.ALL);
    }

    @Test
    void numbersParseIncludingZero() {
        assertThat(Quorum.parse("0")).isEqualTo(Quorum.of(0));
        assertThat(Quorum.parse("3")).isEqualTo(Quorum.of(3));
        assertThat(Quorum.parse(" 16 ")).isEqualTo(Quorum.of(16));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  ", "-1", "two", "1.5", "99999999999", "majority", "0x3"})
    void anythingElseIsRefusedNamingTheText(String text) {
        assertThatThrownBy(() -> Quorum.parse(text))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> Quorum.parse(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void resolvesAgainstN() {
        assertThat(Quorum.ONE.resolve(5)).isEqualTo(1);
        assertThat(Quorum.ALL.resolve(5)).isEqualTo(5);
        assertThat(Quorum.of(2).resolve(5)).isEqualTo(2);
        assertThat(Quorum.QUORUM.resolve(1)).isEqualTo(1);
        assertThat(Quorum.QUORUM.resolve(2)).isEqualTo(2);
        assertThat(Quorum.QUORUM.resolve(3)).isEqualTo(2);
        assertThat(Quorum.QUORUM.resolve(4)).isEqualTo(3);
        assertThat(Quorum.QUORUM.resolve(5)).isEqualTo(3);
    }

    @Test
    void aQuorumAlwaysOverlapsAnotherQuorum() {
        for (int n = 1; n <= 16; n++) {
            assertThat(2 * Quorum.QUORUM.resolve(n)).as("n=%d", n).isGreaterThan(n);
        }
    }

    @Test
    void toStringParsesBack() {
        for (Quorum q : new Quorum[] {Quorum.ONE, Quorum.QUORUM, Quorum.ALL, Quorum.of(0), Quorum.of(7)}) {
            assertThat(Quorum.parse(q.toString())).isEqualTo(q);
        }
        assertThat(Quorum.QUORUM).hasToString("quorum");
        assertThat(Quorum.of(2)).hasToString("2");
    }

    @Test
    void symbolicFormsIgnoreTheCount() {
        assertThat(new Quorum(Quorum.Kind.ALL, 9)).isEqualTo(Quorum.ALL);
        assertThat(new Quorum(Quorum.Kind.ONE, -4).count()).isZero();
    }

    @Test
    void negativeCountsAndMissingKindsAreRefused() {
        assertThatThrownBy(() -> Quorum.of(-1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> new Quorum(null, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
