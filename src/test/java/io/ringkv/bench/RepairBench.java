package io.ringkv.bench;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Dot;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Metrics;
import io.ringkv.port.RepairTransport;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.RepairOperation;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.replica.StorageKeys;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.WriteBatch;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What anti-entropy costs between two replicas of a whole node's data: two real stores on disk in
 * one process, every message through the repair and replica codecs (so the bytes counted are the
 * bytes an HTTP body would carry). Both stores get the same keys; then a node-wide repair runs with
 * 0 differences (trees built by scanning, then cached), and after 1, 100 and 10,000 distinct keys
 * were rewritten at one side only. Not part of {@code ./mvnw verify}; see docs/repair.md for the command.
 *
 * <p>Options: {@code --keys=N} (1,000,000), {@code --partitions=Q} (256), {@code --diffs=a,b,..}
 * (1,100,10000), {@code --value-bytes=N} (100), {@code --sync=none|always} (none), {@code --dir=PATH}
 * (target/bench-data/repair).
 */
public final class RepairBench {
    private static final String BUCKET = "bench";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new java.util.HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int keys = Integer.parseInt(options.getOrDefault("keys", "1000000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "256"));
        int valueBytes = Integer.parseInt(options.getOrDefault("value-bytes", "100"));
        SyncPolicy sync =
                SyncPolicy.valueOf(options.getOrDefault("sync", "none").toUpperCase());
        List<Integer> diffs = Stream.of(
                        options.getOrDefault("diffs", "1,100,10000").split(","))
                .map(String::trim)
                .map(Integer::parseInt)
                .toList();
        Path dir = Path.of(options.getOrDefault("dir", "target/bench-data/repair"));
        delete(dir);
        Files.createDirectories(dir);
        System.out.printf(
                "repair bench: %,d keys, %d partitions, %d-byte values, sync %s, JDK %s, %d CPUs%n",
                keys,
                partitions,
                valueBytes,
                sync,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        ExecutorScheduler background = new ExecutorScheduler("bench-storage", 2);
        ExecutorScheduler repairThreads = new ExecutorScheduler("bench-repair", 2);
        ExecutorService writers = Executors.newFixedThreadPool(16);
        Partitioner partitioner = new Partitioner(partitions);
        try {
            Side a = Side.open(dir.resolve("a"), "a", partitioner, sync, background);
            Side b = Side.open(dir.resolve("b"), "b", partitioner, sync, background);
            long t0 = System.nanoTime();
            load(keys, valueBytes, a, b);
            System.out.printf("loaded both stores in %.1f s%n", (System.nanoTime() - t0) / 1e9);

            AtomicLong messages = new AtomicLong();
            ReplicaTransport replicas = new ReplicaTransport() {
                @Override
                public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
                    return sendAll(node, List.of(request)).thenApply(r -> r.get(0));
                }

                @Override
                public CompletableFuture<List<ReplicaResponse>> sendAll(String node, List<ReplicaRequest> requests) {
                    messages.incrementAndGet();
                    try {
                        List<ReplicaRequest> received =
                                ReplicaCodec.decodeRequests(ReplicaCodec.encodeRequests(requests));
                        List<ReplicaResponse> answers = b.service.handleAll(received, writers);
                        return CompletableFuture.completedFuture(
                                ReplicaCodec.decodeResponses(ReplicaCodec.encodeResponses(answers), answers.size()));
                    } catch (Exception e) {
                        return CompletableFuture.failedFuture(e);
                    }
                }
            };
            RepairTransport repairs = (node, request) -> {
                messages.incrementAndGet();
                try {
                    return CompletableFuture.completedFuture(RepairCodec.decodeResponse(RepairCodec.encode(
                            b.digests.handle(RepairCodec.decodeRequest(RepairCodec.encode(request))))));
                } catch (Exception e) {
                    return CompletableFuture.failedFuture(e);
                }
            };
            AntiEntropy antiEntropy = new AntiEntropy(
                    "a",
                    a.digests,
                    replicas,
                    repairs,
                    new AntiEntropy.Replicas() {
                        @Override
                        public int partitions() {
                            return partitions;
                        }

                        @Override
                        public List<String> replicas(int partition, int n) {
                            return List.of("a", "b");
                        }

                        @Override
                        public boolean isUp(String node) {
                            return true;
                        }
                    },
                    repairThreads,
                    SystemClock.INSTANCE,
                    Metrics.noop(),
                    new AntiEntropy.Settings(0, 0, 2, 600_000_000_000L, 100, 64));

            List<String> rows = new ArrayList<>();
            rows.add(row("0 (trees built by scanning)", antiEntropy, messages));
            rows.add(row("0 (trees cached)", antiEntropy, messages));
            Random random = new Random(42);
            for (int d : diffs) {
                List<byte[]> changed = new ArrayList<>();
                java.util.Set<Integer> picked = new java.util.HashSet<>();
                while (picked.size() < Math.min(d, keys)) {
                    picked.add(random.nextInt(keys));
                }
                for (int k : picked.stream().sorted().toList()) {
                    byte[] key = key(k);
                    changed.add(key);
                    VersionedObject current = a.store.get(BUCKET, key);
                    byte[] value = new byte[valueBytes];
                    random.nextBytes(value);
                    a.store.put(
                            BUCKET,
                            key,
                            new WriteRequest(
                                    current.context(),
                                    Content.value("application/octet-stream", value, Content.NO_EXPIRY),
                                    false,
                                    ConflictResolution.SIBLINGS));
                }
                rows.add(row(String.format("%,d", d), antiEntropy, messages));
                for (byte[] key : changed) {
                    if (!a.store.get(BUCKET, key).equals(b.store.get(BUCKET, key))) {
                        throw new IllegalStateException("a differing key was not repaired");
                    }
                }
            }
            System.out.println();
            System.out.println(
                    "| differing keys | differences found | keys repaired | messages | bytes sent | bytes received | time |");
            System.out.println("|---:|---:|---:|---:|---:|---:|---:|");
            rows.forEach(System.out::println);
            a.engine.close();
            b.engine.close();
        } finally {
            writers.shutdownNow();
            repairThreads.close();
            background.close();
            delete(dir);
        }
    }

    private static String row(String label, AntiEntropy antiEntropy, AtomicLong messages) throws InterruptedException {
        long before = messages.get();
        long t0 = System.nanoTime();
        RepairOperation op = antiEntropy.repairNode();
        while (!op.finished()) {
            Thread.sleep(1);
        }
        long nanos = System.nanoTime() - t0;
        RepairOperation.View v = antiEntropy.operation(op.id()).orElseThrow();
        if (v.state() != RepairOperation.State.DONE) {
            throw new IllegalStateException("repair failed: " + v.error());
        }
        String row = String.format(
                "| %s | %,d | %,d | %,d | %,d | %,d | %,.0f ms |",
                label,
                v.differences(),
                v.keysRepaired(),
                messages.get() - before,
                v.bytesSent(),
                v.bytesReceived(),
                nanos / 1e6);
        System.out.println(row);
        return row;
    }

    private static byte[] key(int i) {
        return String.format("key-%08d", i).getBytes(StandardCharsets.UTF_8);
    }

    /** The same objects into both stores, written straight into their engines in batches. */
    private static void load(int keys, int valueBytes, Side a, Side b) throws IOException {
        Random random = new Random(7);
        WriteBatch batchA = new WriteBatch();
        WriteBatch batchB = new WriteBatch();
        long now = System.currentTimeMillis();
        for (int i = 0; i < keys; i++) {
            byte[] key = key(i);
            byte[] value = new byte[valueBytes];
            random.nextBytes(value);
            Dot dot = new Dot("w", i + 1L);
            VersionedObject object = new VersionedObject(
                    VersionVector.of(Map.of("w", i + 1L)),
                    List.of(new Sibling(
                            dot, now, Content.value("application/octet-stream", value, Content.NO_EXPIRY))));
            byte[] encoded = ObjectCodec.encode(object);
            byte[] storageKey = StorageKeys.object(a.store.partitioner().partitionOf(BUCKET, key), BUCKET, key);
            batchA.put(storageKey, encoded);
            batchB.put(storageKey, encoded);
            if (batchA.size() == 1000 || i == keys - 1) {
                a.engine.write(batchA);
                b.engine.write(batchB);
                batchA = new WriteBatch();
                batchB = new WriteBatch();
            }
        }
        a.engine.awaitIdle();
        b.engine.awaitIdle();
    }

    private record Side(StorageEngine engine, ReplicaStore store, ReplicaService service, PartitionDigests digests) {
        static Side open(Path dir, String id, Partitioner partitioner, SyncPolicy sync, ExecutorScheduler background)
                throws IOException {
            StorageOptions options = StorageOptions.builder(dir)
                    .syncPolicy(sync)
                    .compactionBytesPerSecond(0)
                    .build();
            StorageEngine engine = StorageEngine.open(
                    options,
                    new StorageEnvironment(ChannelFileIO.INSTANCE, SystemClock.INSTANCE, background, Metrics.noop()));
            BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
            catalog.ensureKnown(BUCKET);
            ReplicaStore store = new ReplicaStore(
                    engine,
                    catalog,
                    partitioner,
                    id,
                    new Hlc(SystemClock.INSTANCE),
                    SystemClock.INSTANCE,
                    ReplicaLimits.DEFAULTS,
                    Metrics.noop());
            PartitionDigests digests = new PartitionDigests(store, SystemClock.INSTANCE, 600_000_000_000L, 4 << 20);
            return new Side(engine, store, new ReplicaService(store), digests);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
