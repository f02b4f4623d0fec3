package io.ringkv.faults;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Client threads over a small key space, so that writes conflict: read-modify-writes (a quorum read,
 * then a write with the read's context), blind writes (no context), deletes with the context of a
 * read, and quorum reads; each at a node drawn at random, each value unique ({@code c3-w1234}).
 * Every invocation and outcome goes to the {@link FaultHistory}.
 */
final class Workload implements AutoCloseable {
    /** The shares of each operation; the rest are reads. */
    record Mix(double readModifyWrite, double blindWrite, double delete) {
        static final Mix SIBLINGS = new Mix(0.35, 0.15, 0.10);
        static final Mix BLIND_ONLY = new Mix(0, 1, 0);
    }

    private final FaultHistory history;
    private final List<FaultNode> nodes;
    private final KvClient client;
    private final String bucket;
    private final List<String> keys;
    private final Mix mix;
    private final long pauseMillis;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final List<Thread> threads = new ArrayList<>();

    Workload(
            FaultHistory history,
            List<FaultNode> nodes,
            KvClient client,
            String bucket,
            List<String> keys,
            Mix mix,
            long pauseMillis) {
        this.history = history;
        this.nodes = List.copyOf(nodes);
        this.client = client;
        this.bucket = bucket;
        this.keys = List.copyOf(keys);
        this.mix = mix;
        this.pauseMillis = pauseMillis;
    }

    /** Starts {@code clients} threads, numbered from {@code firstClient}, seeded from {@code seed}. */
    Workload start(int firstClient, int clients, long seed) {
        for (int i = 0; i < clients; i++) {
            int id = firstClient + i;
            SplittableRandom random = new SplittableRandom(seed * 1_000_003L + id);
            Thread t = new Thread(() -> loop(id, random), "client-" + id);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        return this;
    }

    private void loop(int id, SplittableRandom random) {
        int seq = 0;
        while (running.get()) {
            String key = keys.get(random.nextInt(keys.size()));
            FaultNode node = nodes.get(random.nextInt(nodes.size()));
            double p = random.nextDouble();
            if (p < mix.readModifyWrite()) {
                KvClient.Read read = read(id, node, key);
                if (read.outcome() == Op.Outcome.OK) {
                    write(id, nodes.get(random.nextInt(nodes.size())), key, "c" + id + "-w" + seq++, read);
                }
            } else if (p < mix.readModifyWrite() + mix.blindWrite()) {
                write(id, node, key, "c" + id + "-w" + seq++, null);
            } else if (p < mix.readModifyWrite() + mix.blindWrite() + mix.delete()) {
                KvClient.Read read = read(id, node, key);
                // A delete without a context would remove every version; the workload deletes only what it read.
                if (read.outcome() == Op.Outcome.OK
                        && read.context() != null
                        && !read.values().isEmpty()) {
                    delete(id, nodes.get(random.nextInt(nodes.size())), key, "c" + id + "-d" + seq++, read);
                }
            } else {
                read(id, node, key);
            }
            if (pauseMillis > 0) {
                try {
                    Thread.sleep(pauseMillis / 2 + random.nextLong(pauseMillis));
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private KvClient.Read read(int id, FaultNode node, String key) {
        long start = history.nowMs();
        KvClient.Read read = client.read(node.base(), bucket, key);
        history.record(new Op(
                id,
                Op.Kind.READ,
                bucket,
                key,
                null,
                java.util.Set.of(),
                read.outcome(),
                read.values(),
                read.tombstones(),
                start,
                history.nowMs(),
                node.id(),
                read.detail()));
        return read;
    }

    private void write(int id, FaultNode node, String key, String value, KvClient.Read basis) {
        long start = history.nowMs();
        KvClient.Write w = client.put(node.base(), bucket, key, value, basis == null ? null : basis.context());
        history.record(new Op(
                id,
                Op.Kind.WRITE,
                bucket,
                key,
                value,
                covered(basis),
                w.outcome(),
                List.of(),
                0,
                start,
                history.nowMs(),
                node.id(),
                w.detail()));
    }

    private void delete(int id, FaultNode node, String key, String name, KvClient.Read basis) {
        long start = history.nowMs();
        KvClient.Write w = client.delete(node.base(), bucket, key, basis.context());
        history.record(new Op(
                id,
                Op.Kind.DELETE,
                bucket,
                key,
                name,
                covered(basis),
                w.outcome(),
                List.of(),
                0,
                start,
                history.nowMs(),
                node.id(),
                w.detail()));
    }

    private static java.util.Set<String> covered(KvClient.Read basis) {
        return basis == null ? java.util.Set.of() : java.util.Set.copyOf(new LinkedHashSet<>(basis.values()));
    }

    /** Stops the clients and waits for their last calls to end. */
    @Override
    public void close() throws InterruptedException {
        running.set(false);
        for (Thread t : threads) {
            t.join(30_000);
        }
    }
}
