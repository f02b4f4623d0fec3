package io.ringkv.kv;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.sim.SimClock;
import org.junit.jupiter.api.Test;

class HlcTest {
    private final SimClock clock = new SimClock(1_000);
    private final Hlc hlc = new Hlc(clock);

    @Test
    void followsTheWallClockWhenItMovesForward() {
        long first = hlc.now();
        assertThat(Hlc.physicalMillis(first)).isEqualTo(1_000);
        assertThat(Hlc.logical(first)).isZero();
        clock.advanceMillis(5);
        long second = hlc.now();
        assertThat(Hlc.physicalMillis(second)).isEqualTo(1_005);
        assertThat(Hlc.logical(second)).isZero();
    }

    @Test
    void countsLogicallyWithinOneMillisecond() {
        long first = hlc.now();
        long second = hlc.now();
        assertThat(second).isEqualTo(first + 1);
        assertThat(Hlc.physicalMillis(second)).isEqualTo(1_000);
        assertThat(Hlc.logical(second)).isEqualTo(1);
    }

    @Test
    void staysMonotonicWhenTheWallClockGoesBackwards() {
        clock.advanceMillis(100);
        long before = hlc.now();
        clock.skewMillis(-50);
        long previous = before;
        for (int i = 0; i < 10; i++) {
            long next = hlc.now();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        assertThat(Hlc.physicalMillis(previous)).isEqualTo(1_100);
    }

    @Test
    void observeMovesLaterTimestampsPastTheRemoteOne() {
        long remote = (5_000L << Hlc.LOGICAL_BITS) | 7;
        hlc.observe(remote);
        long next = hlc.now();
        assertThat(next).isEqualTo(remote + 1);
        assertThat(Hlc.physicalMillis(next)).isEqualTo(5_000);
    }

    @Test
    void observingAnOlderTimestampChangesNothing() {
        long first = hlc.now();
        hlc.observe(first - 100);
        assertThat(hlc.now()).isEqualTo(first + 1);
    }

    @Test
    void logicalOverflowCarriesIntoTheMillisecondsAndStaysMonotonic() {
        long previous = hlc.now();
        for (int i = 0; i < (1 << Hlc.LOGICAL_BITS) + 10; i++) {
            long next = hlc.now();
            assertThat(next).isGreaterThan(previous);
            previous = next;
        }
        assertThat(Hlc.physicalMillis(previous)).isEqualTo(1_001);
    }
}
