package io.ringkv.storage.compaction;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.sim.SimClock;
import org.junit.jupiter.api.Test;

class RateLimiterTest {
    @Test
    void writingTenSecondsWorthTakesAboutTenSecondsOfClockTime() throws InterruptedException {
        SimClock clock = new SimClock();
        RateLimiter limiter = new RateLimiter(clock, 1_000_000);
        for (int i = 0; i < 100; i++) {
            limiter.acquire(100_000);
        }
        // 10 MB at 1 MB/s: 10 s, less the 100 ms burst allowance
        assertThat(clock.nanos()).isBetween(9_800_000_000L, 10_000_000_000L);
    }

    @Test
    void zeroRateNeverWaits() throws InterruptedException {
        SimClock clock = new SimClock();
        new RateLimiter(clock, 0).acquire(1L << 40);
        assertThat(clock.nanos()).isZero();
    }
}
