package io.ringkv.membership;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Suspicion grows with overdue heartbeats, relative to how regular they have been. */
class PhiAccrualDetectorTest {
    private static final long SECOND = 1_000_000_000L;
    private static final long MS = 1_000_000L;

    private static PhiAccrualDetector detector() {
        return new PhiAccrualDetector(1000, 100 * MS, 3 * SECOND, SECOND);
    }

    @Test
    void aNodeNeverHeardFromIsNotSuspected() {
        assertThat(detector().phi("x", 123 * SECOND)).isZero();
    }

    @Test
    void regularHeartbeatsKeepPhiLowAndSilenceRaisesItPastEightWithinSeconds() {
        PhiAccrualDetector d = detector();
        long t = 0;
        for (int i = 0; i < 100; i++) {
            d.heartbeat("a", t);
            t += SECOND;
        }
        long last = t - SECOND;
        assertThat(d.phi("a", last + SECOND)).isLessThan(1);
        assertThat(d.phi("a", last + 3 * SECOND)).isLessThan(8);

        long detectedAt = last;
        while (d.phi("a", detectedAt) < 8) {
            detectedAt += 10 * MS;
        }
        // mean 1 s + 3 s acceptable pause + ~5.6 standard deviations of 100 ms
        assertThat(detectedAt - last).isBetween(4 * SECOND, 5 * SECOND + 500 * MS);
    }

    @Test
    void phiIncreasesMonotonicallyWithSilence() {
        PhiAccrualDetector d = detector();
        for (int i = 0; i < 20; i++) {
            d.heartbeat("a", i * SECOND);
        }
        double previous = -1;
        for (long t = 19 * SECOND; t < 40 * SECOND; t += 100 * MS) {
            double phi = d.phi("a", t);
            assertThat(phi).isGreaterThanOrEqualTo(previous);
            previous = phi;
        }
    }

    @Test
    void irregularHeartbeatsAreJudgedMoreLeniently() {
        PhiAccrualDetector regular = detector();
        PhiAccrualDetector jittery = detector();
        Random random = new Random(42);
        long r = 0;
        long j = 0;
        for (int i = 0; i < 200; i++) {
            regular.heartbeat("a", r);
            jittery.heartbeat("a", j);
            r += SECOND;
            j += SECOND / 4 + (long) (random.nextDouble() * 1.5 * SECOND);
        }
        long silence = 5 * SECOND;
        assertThat(jittery.phi("a", j - 1 + silence)).isLessThan(regular.phi("a", r - SECOND + silence));
    }

    @Test
    void aSingleHeartbeatIsJudgedAgainstTheExpectedInterval() {
        PhiAccrualDetector d = detector();
        d.heartbeat("a", 0);
        assertThat(d.phi("a", SECOND)).isLessThan(1);
        assertThat(d.phi("a", 30 * SECOND)).isGreaterThan(8);
    }

    @Test
    void aRemovedNodeIsForgotten() {
        PhiAccrualDetector d = detector();
        d.heartbeat("a", 0);
        d.remove("a");
        assertThat(d.phi("a", 60 * SECOND)).isZero();
    }
}
