package io.ringkv.transfer;

import io.ringkv.port.Clock;

/**
 * Spaces the chunks of all of a node's transfers so that, together, they receive at most {@code
 * bytesPerSecond}: each chunk is given the time its bytes take at that rate, after those before it,
 * and the next request of its transfer waits that long. 0 means no limit. Thread-safe.
 */
public final class TransferPacer {
    private final Clock clock;
    private final long bytesPerSecond;
    private long nextFreeNanos;

    public TransferPacer(Clock clock, long bytesPerSecond) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must not be negative: " + bytesPerSecond);
        }
        this.clock = clock;
        this.bytesPerSecond = bytesPerSecond;
        this.nextFreeNanos = clock.nanos();
    }

    /** Accounts for {@code bytes} just received; answers how long to wait before asking for more. */
    public synchronized long received(long bytes) {
        if (bytesPerSecond == 0) {
            return 0;
        }
        long now = clock.nanos();
        if (nextFreeNanos - now < 0) {
            nextFreeNanos = now;
        }
        nextFreeNanos += (long) (bytes * 1e9 / bytesPerSecond);
        return Math.max(0, nextFreeNanos - now);
    }
}
