package io.ringkv.sim;

import io.ringkv.port.Clock;

/** A clock that moves only when told to; its wall clock may be skewed. */
public final class SimClock implements Clock {
    private long nanos;
    private final long epochMillis;
    private long skewMillis;

    public SimClock() {
        this(1_700_000_000_000L);
    }

    public SimClock(long epochMillis) {
        this.epochMillis = epochMillis;
    }

    @Override
    public synchronized long nanos() {
        return nanos;
    }

    @Override
    public synchronized long millis() {
        return epochMillis + nanos / 1_000_000 + skewMillis;
    }

    @Override
    public void park(long nanos) {
        advance(nanos);
    }

    public synchronized void advance(long deltaNanos) {
        if (deltaNanos < 0) {
            throw new IllegalArgumentException("time moves forward only, got " + deltaNanos);
        }
        nanos += deltaNanos;
    }

    public synchronized void advanceMillis(long deltaMillis) {
        advance(deltaMillis * 1_000_000);
    }

    public synchronized void skewMillis(long skew) {
        this.skewMillis = skew;
    }
}
