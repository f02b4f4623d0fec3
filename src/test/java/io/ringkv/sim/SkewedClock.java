package io.ringkv.sim;

import io.ringkv.port.Clock;

/**
 * One node's view of a shared {@link SimClock}: the same monotonic time, a wall clock that runs
 * {@code skewMillis} ahead (or behind, when negative), as the clocks of real machines do.
 */
public final class SkewedClock implements Clock {
    private final SimClock base;
    private volatile long skewMillis;

    public SkewedClock(SimClock base, long skewMillis) {
        this.base = base;
        this.skewMillis = skewMillis;
    }

    @Override
    public long nanos() {
        return base.nanos();
    }

    @Override
    public long millis() {
        return base.millis() + skewMillis;
    }

    @Override
    public void park(long nanos) throws InterruptedException {
        base.park(nanos);
    }

    public long skewMillis() {
        return skewMillis;
    }

    /** Steps this node's wall clock, as an NTP correction would. */
    public void skewMillis(long skew) {
        this.skewMillis = skew;
    }
}
