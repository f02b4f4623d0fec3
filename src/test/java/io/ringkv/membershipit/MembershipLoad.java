package io.ringkv.membershipit;

import io.ringkv.faults.FaultNode;
import io.ringkv.faults.KvClient;
import io.ringkv.faults.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * A steady load while the membership changes: writers that write fresh keys with unique values and
 * now and then update one of their own keys with the context a read gave them; a reader that reads
 * keys whose write was acknowledged. Every invocation is recorded with its outcome (ok, fail,
 * unknown) and the phase it ran in; reads also record the longest time without a successful read.
 */
final class MembershipLoad implements AutoCloseable {
    static final String BUCKET = "moving";

    /** One write: its key, unique value, outcome and the phase (join, leave, ...) it ran in. */
    record Write(String key, String value, Op.Outcome outcome, String phase, String detail) {}

    private final KvClient client;
    private final Supplier<List<FaultNode>> targets;
    private final List<Thread> threads = new ArrayList<>();
    private final List<Write> writes = new CopyOnWriteArrayList<>();
    private final Map<String, String> lastAcked = new ConcurrentHashMap<>();
    private final AtomicLong readsOk = new AtomicLong();
    private final AtomicLong readErrors = new AtomicLong();
    private final AtomicLong longestReadGapMillis = new AtomicLong();
    private final List<String> readErrorSamples = new CopyOnWriteArrayList<>();
    private volatile String phase = "steady";
    private volatile boolean running = true;

    MembershipLoad(KvClient client, Supplier<List<FaultNode>> targets) {
        this.client = client;
        this.targets = targets;
    }

    MembershipLoad start(int writers, long pauseMillis) {
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> write(writer, pauseMillis), "writer-" + w));
        }
        threads.add(new Thread(this::read, "reader"));
        threads.forEach(Thread::start);
        return this;
    }

    void phase(String name) {
        phase = name;
    }

    private FaultNode target() {
        List<FaultNode> nodes = targets.get();
        return nodes.get(ThreadLocalRandom.current().nextInt(nodes.size()));
    }

    private void write(int writer, long pauseMillis) {
        long n = 0;
        List<String> mine = new ArrayList<>();
        while (running) {
            n++;
            String value = "w" + writer + "-" + n;
            String key;
            String context = null;
            if (n % 4 == 0 && !mine.isEmpty()) {
                key = mine.get(ThreadLocalRandom.current().nextInt(mine.size()));
                KvClient.Read read = client.read(target().base(), BUCKET, key);
                if (read.outcome() != Op.Outcome.OK) {
                    pause(pauseMillis);
                    continue;
                }
                context = read.context();
            } else {
                key = "k" + writer + "-" + n;
            }
            String during = phase;
            KvClient.Write result = client.put(target().base(), BUCKET, key, value, context);
            writes.add(new Write(key, value, result.outcome(), during, result.detail()));
            if (result.outcome() == Op.Outcome.OK) {
                lastAcked.put(key, value);
                if (!mine.contains(key)) {
                    mine.add(key);
                }
            }
            pause(pauseMillis);
        }
    }

    private void read() {
        long lastOk = System.nanoTime();
        while (running) {
            List<String> keys = new ArrayList<>(lastAcked.keySet());
            if (keys.isEmpty()) {
                pause(50);
                lastOk = System.nanoTime();
                continue;
            }
            String key = keys.get(ThreadLocalRandom.current().nextInt(keys.size()));
            FaultNode node = target();
            KvClient.Read read = client.read(node.base(), BUCKET, key);
            long now = System.nanoTime();
            if (read.outcome() == Op.Outcome.OK && !read.values().isEmpty()) {
                readsOk.incrementAndGet();
                longestReadGapMillis.accumulateAndGet((now - lastOk) / 1_000_000, Math::max);
                lastOk = now;
            } else {
                readErrors.incrementAndGet();
                if (readErrorSamples.size() < 10) {
                    readErrorSamples.add(node.id() + " " + key + ": "
                            + (read.outcome() == Op.Outcome.OK ? "not found" : read.detail()));
                }
                longestReadGapMillis.accumulateAndGet((now - lastOk) / 1_000_000, Math::max);
            }
            pause(20);
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    List<Write> writes() {
        return List.copyOf(writes);
    }

    /** Each key's last acknowledged value. */
    Map<String, String> lastAcked() {
        return Map.copyOf(lastAcked);
    }

    long readsOk() {
        return readsOk.get();
    }

    long readErrors() {
        return readErrors.get();
    }

    List<String> readErrorSamples() {
        return List.copyOf(readErrorSamples);
    }

    long longestReadGapMillis() {
        return longestReadGapMillis.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
