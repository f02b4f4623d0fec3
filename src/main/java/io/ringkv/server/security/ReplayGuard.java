package io.ringkv.server.security;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The signatures seen within the replay window, so that each is accepted once. Bounded: a signature
 * is forgotten once its timestamp is out of the window (it would be refused as expired anyway); when
 * the bound is reached with every entry still in the window, new signatures are refused (the caller
 * answers 503) rather than a possible replay accepted.
 */
final class ReplayGuard {
    enum Verdict {
        FIRST,
        REPLAYED,
        FULL
    }

    private final Map<String, Long> seen = new ConcurrentHashMap<>();
    private final long windowMillis;
    private final int capacity;
    private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

    ReplayGuard(long windowMillis, int capacity) {
        this.windowMillis = windowMillis;
        this.capacity = capacity;
    }

    /** Records a signature with its timestamp; whether it was new. */
    Verdict firstSeen(String signature, long timeMillis, long nowMillis) {
        if (seen.size() >= capacity) {
            purge(nowMillis);
            if (seen.size() >= capacity) {
                return Verdict.FULL;
            }
        } else if (nowMillis - lastPurge.get() > windowMillis) {
            purge(nowMillis);
        }
        return seen.putIfAbsent(signature, timeMillis + windowMillis) == null ? Verdict.FIRST : Verdict.REPLAYED;
    }

    int size() {
        return seen.size();
    }

    private void purge(long nowMillis) {
        long last = lastPurge.get();
        // One purge at a time, at most one per millisecond.
        if (last >= nowMillis || !lastPurge.compareAndSet(last, nowMillis)) {
            return;
        }
        for (Iterator<Map.Entry<String, Long>> it = seen.entrySet().iterator(); it.hasNext(); ) {
            if (it.next().getValue() < nowMillis) {
                it.remove();
            }
        }
    }
}
