package io.ringkv.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.ringkv.port.Clock;
import org.junit.jupiter.api.Test;

/** Malformed internal messages: every one counted, logged once per source and reason a minute. */
class InternalRejectionsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ManualClock clock = new ManualClock();
    private final InternalRejections rejections = new InternalRejections(registry, clock);

    @Test
    void everyRejectionIsCountedByRouteAndReason() {
        rejections.rejected("replica", "undecodable", "a", "bad checksum");
        rejections.rejected("replica", "undecodable", "b", "bad checksum");
        rejections.rejected("repair", "undecodable", "a", "truncated");

        assertThat(count("replica", "undecodable")).isEqualTo(2.0);
        assertThat(count("repair", "undecodable")).isEqualTo(1.0);
    }

    @Test
    void aSourceIsLoggedOncePerReasonAMinute() {
        assertThat(rejections.rejected("replica", "undecodable", "a", "x")).isTrue();
        assertThat(rejections.rejected("replica", "undecodable", "a", "x")).isFalse();
        assertThat(rejections.rejected("repair", "undecodable", "a", "x")).isTrue();
        assertThat(rejections.rejected("replica", "undecodable", "b", "x")).isTrue();

        clock.now += InternalRejections.LOG_INTERVAL_MILLIS - 1;
        assertThat(rejections.rejected("replica", "undecodable", "a", "x")).isFalse();
        clock.now += 1;
        assertThat(rejections.rejected("replica", "undecodable", "a", "x")).isTrue();
        assertThat(rejections.rejected("replica", "undecodable", "a", "x")).isFalse();
    }

    @Test
    void aFloodFromManySourcesIsOnlyCountedPastTheRememberedOnes() {
        for (int i = 0; i < InternalRejections.MAX_LOGGED_SOURCES; i++) {
            assertThat(rejections.rejected("replica", "undecodable", "s" + i, "x"))
                    .isTrue();
        }
        assertThat(rejections.rejected("replica", "undecodable", "one-more", "x"))
                .isFalse();
        assertThat(count("replica", "undecodable")).isEqualTo(InternalRejections.MAX_LOGGED_SOURCES + 1.0);

        clock.now += InternalRejections.LOG_INTERVAL_MILLIS;
        assertThat(rejections.rejected("replica", "undecodable", "one-more", "x"))
                .isTrue();
    }

    private double count(String route, String reason) {
        var counter = registry.find("ringkv.internal.rejected")
                .tag("route", route)
                .tag("reason", reason)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static final class ManualClock implements Clock {
        long now = 1_000_000;

        @Override
        public long nanos() {
            return now * 1_000_000;
        }

        @Override
        public long millis() {
            return now;
        }

        @Override
        public void park(long nanos) {}
    }
}
