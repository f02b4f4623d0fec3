package io.ringkv.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import org.HdrHistogram.Histogram;

/** The operations a row runs on an engine, timed call by call; the same code drives both engines. */
final class Workloads {
    private final BenchData data;
    private final long seed;

    Workloads(BenchData data, long seed) {
        this.data = data;
        this.seed = seed;
    }

    /** Writes keys 0..ops-1 once each in random order, split over {@code threads} writers. */
    Measurement fill(BenchEngine engine, int ops, int threads) throws Exception {
        int[] order = BenchData.permutation(ops, seed);
        return inParallel(threads, (thread, latency) -> {
            for (int i = thread; i < ops; i += threads) {
                byte[] key = BenchData.key(order[i]);
                byte[] value = data.value(order[i]);
                long start = System.nanoTime();
                engine.put(key, value);
                latency.recordValue(System.nanoTime() - start);
            }
            return (ops - thread + threads - 1) / threads;
        });
    }

    /** Untimed: writes keys 0..keys-1 in random order, then flushes so reads come from tables. */
    void load(BenchEngine engine, int keys) throws IOException {
        for (int index : BenchData.permutation(keys, seed)) {
            engine.put(BenchData.key(index), data.value(index));
        }
        engine.flushAndSettle();
    }

    /** {@code ops} gets in total of uniformly random loaded keys; fails if one is missing or wrong. */
    Measurement readRandom(BenchEngine engine, int keys, int ops, int threads) throws Exception {
        return inParallel(threads, (thread, latency) -> {
            SplittableRandom random = new SplittableRandom(seed + 1 + thread);
            int mine = (ops - thread + threads - 1) / threads;
            for (int i = 0; i < mine; i++) {
                int index = random.nextInt(keys);
                byte[] key = BenchData.key(index);
                long start = System.nanoTime();
                byte[] value = engine.get(key);
                latency.recordValue(System.nanoTime() - start);
                if (value == null || !data.isValueOf(index, value)) {
                    throw new IllegalStateException("get of loaded key " + index + " returned "
                            + (value == null ? "null" : "a wrong value of " + value.length + " bytes"));
                }
            }
            return mine;
        });
    }

    /** {@code scans} scans of {@code length} consecutive keys from random starts; units are keys read. */
    Measurement scan(BenchEngine engine, int keys, int scans, int length) throws Exception {
        if (keys < length) {
            throw new IllegalArgumentException("scans of " + length + " keys need at least that many, got " + keys);
        }
        return inParallel(1, (thread, latency) -> {
            SplittableRandom random = new SplittableRandom(seed + 100);
            long read = 0;
            for (int i = 0; i < scans; i++) {
                int from = random.nextInt(keys - length + 1);
                byte[] key = BenchData.key(from);
                long start = System.nanoTime();
                int n = engine.scan(key, length);
                latency.recordValue(System.nanoTime() - start);
                if (n != length) {
                    throw new IllegalStateException("scan from key " + from + " read " + n + " of " + length + " keys");
                }
                read += n;
            }
            return read;
        });
    }

    /** One thread's share of a workload; returns how many units it did. */
    @FunctionalInterface
    interface Share {
        long run(int thread, Histogram latency) throws Exception;
    }

    /** Runs {@code threads} shares at once and times them from a common start to the last one's end. */
    private static Measurement inParallel(int threads, Share share) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        AtomicReference<Exception> failure = new AtomicReference<>();
        Histogram latency = new Histogram(3);
        long[] units = new long[threads];
        List<Thread> workers = new ArrayList<>();
        List<Histogram> histograms = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            Histogram mine = new Histogram(3);
            histograms.add(mine);
            workers.add(new Thread(
                    () -> {
                        try {
                            start.await();
                            units[thread] = share.run(thread, mine);
                        } catch (Exception e) {
                            failure.compareAndSet(null, e);
                        }
                    },
                    "bench-worker-" + t));
        }
        workers.forEach(Thread::start);
        long begin = System.nanoTime();
        start.countDown();
        for (Thread worker : workers) {
            worker.join();
        }
        long elapsed = System.nanoTime() - begin;
        if (failure.get() != null) {
            throw failure.get();
        }
        long total = 0;
        for (int t = 0; t < threads; t++) {
            latency.add(histograms.get(t));
            total += units[t];
        }
        return new Measurement(total, elapsed, latency);
    }
}
