package io.ringkv.server.security;

import io.ringkv.server.security.ReplayGuard.Nonce;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The replay check alone, in process: the counter window per sender ({@link ReplayGuard}) against
 * the check it replaced, a map of every signature seen within the replay window (kept here as
 * {@link SignatureCache}, as it was). Senders on their own threads each check calls whose times
 * advance at a fixed rate of calls per second of clock; prints the checks per second, the entries
 * held at the end and what each check refused. Not part of the build:
 *
 * <pre>
 * flock /tmp/ringkv-bench.lock nice -n 19 ./mvnw -B -ntp -q test -Dtest=ReplayCheckBench -Dringkv.bench.replay=true
 * </pre>
 *
 * Settings: {@code -Dringkv.bench.calls} per sender (2,000,000), {@code -Dringkv.bench.senders} (4),
 * {@code -Dringkv.bench.rate} signed calls per second of clock, all senders together (20,000).
 */
@EnabledIfSystemProperty(named = "ringkv.bench.replay", matches = "true")
class ReplayCheckBench {
    private static final int CALLS = Integer.getInteger("ringkv.bench.calls", 2_000_000);
    private static final int SENDERS = Integer.getInteger("ringkv.bench.senders", 4);
    private static final int RATE = Integer.getInteger("ringkv.bench.rate", 20_000);
    private static final long WINDOW_MILLIS = 30_000;

    /** The check as it was: every signature of the window in a map, bounded. */
    static final class SignatureCache {
        private final Map<String, Long> seen = new ConcurrentHashMap<>();
        private final int capacity;
        private final AtomicLong lastPurge = new AtomicLong(Long.MIN_VALUE);

        SignatureCache(int capacity) {
            this.capacity = capacity;
        }

        /** 0 first, 1 replayed, 2 full. */
        int firstSeen(String signature, long timeMillis, long nowMillis) {
            if (seen.size() >= capacity) {
                purge(nowMillis);
                if (seen.size() >= capacity) {
                    return 2;
                }
            } else if (nowMillis - lastPurge.get() > WINDOW_MILLIS) {
                purge(nowMillis);
            }
            return seen.putIfAbsent(signature, timeMillis + WINDOW_MILLIS) == null ? 0 : 1;
        }

        private void purge(long nowMillis) {
            long last = lastPurge.get();
            if (last >= nowMillis || !lastPurge.compareAndSet(last, nowMillis)) {
                return;
            }
            seen.values().removeIf(expiry -> expiry < nowMillis);
        }

        int size() {
            return seen.size();
        }
    }

    interface Check {
        /** 0 first, 1 refused as seen, 2 refused as full. */
        int check(int sender, long counter, long timeMillis);
    }

    @Test
    void counterWindowAgainstSignatureCache() throws Exception {
        System.out.printf(
                "# replay check: %d senders x %,d calls, clock advancing at %,d calls/s, window %d s, JDK %s, load"
                        + " average %.1f%n",
                SENDERS,
                CALLS,
                RATE,
                WINDOW_MILLIS / 1000,
                System.getProperty("java.version"),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()
                        .getSystemLoadAverage());
        for (int round = 0; round < 2; round++) {
            String label = round == 0 ? "warm-up" : "measured";
            ReplayGuard guard = new ReplayGuard(WINDOW_MILLIS, 4096);
            run(
                    label,
                    "counter window",
                    (sender, counter, time) -> switch (guard.firstSeen(
                            "node-" + sender, new Nonce(sender, counter), time, time)) {
                        case FIRST -> 0;
                        case REPLAYED, TOO_OLD -> 1;
                        case FULL -> 2;
                    },
                    () -> guard.runs() + " runs");
            for (int capacity : new int[] {262_144, 1 << 22}) {
                SignatureCache cache = new SignatureCache(capacity);
                run(
                        label,
                        "signature cache " + capacity,
                        (sender, counter, time) -> cache.firstSeen(signature(sender, counter), time, time),
                        () -> cache.size() + " signatures");
            }
        }
    }

    /** A signature as the headers carry it: 32 bytes in base64url, distinct per call. */
    private static String signature(int sender, long counter) {
        byte[] bytes = new byte[32];
        for (int i = 0; i < 8; i++) {
            bytes[i] = (byte) (counter >>> (8 * i));
            bytes[8 + i] = (byte) (sender * 31 + i);
            bytes[16 + i] = (byte) ((counter * 0x9E3779B97F4A7C15L) >>> (8 * i));
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static void run(String label, String name, Check check, java.util.function.Supplier<String> held)
            throws InterruptedException {
        AtomicLongArray outcomes = new AtomicLongArray(3);
        List<Thread> threads = new ArrayList<>();
        long started = System.nanoTime();
        for (int s = 0; s < SENDERS; s++) {
            int sender = s;
            Thread thread = new Thread(() -> {
                long[] counts = new long[3];
                for (long c = 1; c <= CALLS; c++) {
                    // Calls of all senders together advance the clock at RATE per second.
                    long time = 1_000_000_000L + c * SENDERS * 1000 / RATE;
                    counts[check.check(sender, c, time)]++;
                }
                for (int i = 0; i < 3; i++) {
                    outcomes.addAndGet(i, counts[i]);
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long total = (long) SENDERS * CALLS;
        System.out.printf(
                "| %s | %s | %,.0f checks/s | accepted %,d | refused as seen %,d | refused as full %,d | held at the end: %s |%n",
                label, name, total / seconds, outcomes.get(0), outcomes.get(1), outcomes.get(2), held.get());
    }
}
