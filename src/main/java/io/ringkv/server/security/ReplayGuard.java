package io.ringkv.server.security;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;

/**
 * Accepts each signed call once, in memory that does not grow with the call rate (the anti-replay
 * window of IPsec and DTLS). A signer's nonce is a random 64-bit run id, drawn when the signer starts,
 * and a counter that the signer increases by one for every call. Per sender (the node id the signature
 * covers) and run, this keeps the highest counter accepted and a bitmap of the {@value #WINDOW}
 * counters up to it: a counter above the highest is new; one within the bitmap is new once; one
 * below it is refused, since whether it was seen is no longer known. A run is forgotten once its
 * newest accepted signature is older than the replay window, after which each of its calls is
 * refused as expired anyway. The number of runs tracked is bounded: when a new run would exceed it
 * with every run still live, its calls are refused ({@link Verdict#FULL}) rather than accepted
 * unchecked.
 */
final class ReplayGuard {
    /** The counters remembered per run below the highest one, the highest included. */
    static final int WINDOW = 16_384;

    enum Verdict {
        FIRST,
        REPLAYED,
        TOO_OLD,
        FULL
    }

    /** A signer's nonce: its run id and the call's counter (at least 1). */
    record Nonce(long run, long counter) {
        static final int BYTES = 16;

        /** The nonce of an {@code X-Ringkv-Nonce} header (16 bytes, base64url), or null if it is none. */
        static @Nullable Nonce parse(String header) {
            byte[] bytes;
            try {
                bytes = Base64.getUrlDecoder().decode(header);
            } catch (IllegalArgumentException e) {
                return null;
            }
            if (bytes.length != BYTES) {
                return null;
            }
            ByteBuffer buffer = ByteBuffer.wrap(bytes);
            long run = buffer.getLong();
            long counter = buffer.getLong();
            return counter < 1 ? null : new Nonce(run, counter);
        }

        String encode() {
            return Base64.getUrlEncoder()
                    .withoutPadding()
                    .encodeToString(ByteBuffer.allocate(BYTES)
                            .putLong(run)
                            .putLong(counter)
                            .array());
        }
    }

    private record RunKey(String node, long run) {}

    private final Map<RunKey, Run> runs = new ConcurrentHashMap<>();
    private final long windowMillis;
    private final int maxRuns;
    private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

    ReplayGuard(long windowMillis, int maxRuns) {
        this.windowMillis = windowMillis;
        this.maxRuns = maxRuns;
    }

    /**
     * Records a verified call of {@code node} with {@code nonce} and signature time {@code timeMillis};
     * whether it is new.
     */
    Verdict firstSeen(String node, Nonce nonce, long timeMillis, long nowMillis) {
        if (nowMillis - lastPurge.get() > windowMillis) {
            purge(nowMillis);
        }
        RunKey key = new RunKey(node, nonce.run());
        while (true) {
            Run run = runs.get(key);
            if (run == null) {
                if (runs.size() >= maxRuns) {
                    purge(nowMillis);
                    if (runs.size() >= maxRuns) {
                        return Verdict.FULL;
                    }
                }
                Run fresh = new Run();
                run = runs.putIfAbsent(key, fresh);
                if (run == null) {
                    run = fresh;
                }
            }
            synchronized (run) {
                if (run.forgotten) {
                    continue; // purged meanwhile: start it again
                }
                return run.accept(nonce.counter(), timeMillis);
            }
        }
    }

    /**
     * What {@link #firstSeen} would say of a call of {@code node} with {@code nonce} as things
     * stand, recording nothing: {@link Verdict#REPLAYED} or {@link Verdict#TOO_OLD} let a call be
     * refused on its headers, before its body is read; {@link Verdict#FIRST} otherwise.
     */
    Verdict peek(String node, Nonce nonce) {
        Run run = runs.get(new RunKey(node, nonce.run()));
        if (run == null) {
            return Verdict.FIRST;
        }
        synchronized (run) {
            return run.forgotten ? Verdict.FIRST : run.peek(nonce.counter());
        }
    }

    /** The runs tracked. */
    int runs() {
        return runs.size();
    }

    private void purge(long nowMillis) {
        long last = lastPurge.get();
        // One purge at a time, at most one per millisecond.
        if (last >= nowMillis || !lastPurge.compareAndSet(last, nowMillis)) {
            return;
        }
        for (Iterator<Run> it = runs.values().iterator(); it.hasNext(); ) {
            Run run = it.next();
            synchronized (run) {
                if (run.newestMillis < nowMillis - windowMillis) {
                    run.forgotten = true;
                    it.remove();
                }
            }
        }
    }

    /** One run's highest counter and the bitmap of the {@value #WINDOW} counters up to it. */
    private static final class Run {
        private final long[] seen = new long[WINDOW / Long.SIZE];
        private long highest;
        private long newestMillis = Long.MIN_VALUE;
        private boolean forgotten;

        Verdict peek(long counter) {
            if (counter > highest) {
                return Verdict.FIRST;
            }
            if (highest - counter >= WINDOW) {
                return Verdict.TOO_OLD;
            }
            return isSet(counter) ? Verdict.REPLAYED : Verdict.FIRST;
        }

        Verdict accept(long counter, long timeMillis) {
            if (counter > highest) {
                if (counter - highest >= WINDOW) {
                    Arrays.fill(seen, 0L);
                } else {
                    for (long c = highest + 1; c < counter; c++) {
                        clear(c);
                    }
                }
                highest = counter;
            } else if (highest - counter >= WINDOW) {
                return Verdict.TOO_OLD;
            } else if (isSet(counter)) {
                return Verdict.REPLAYED;
            }
            set(counter);
            newestMillis = Math.max(newestMillis, timeMillis);
            return Verdict.FIRST;
        }

        private boolean isSet(long counter) {
            int bit = (int) (counter % WINDOW);
            return (seen[bit >>> 6] & (1L << bit)) != 0;
        }

        private void set(long counter) {
            int bit = (int) (counter % WINDOW);
            seen[bit >>> 6] |= 1L << bit;
        }

        private void clear(long counter) {
            int bit = (int) (counter % WINDOW);
            seen[bit >>> 6] &= ~(1L << bit);
        }
    }
}
