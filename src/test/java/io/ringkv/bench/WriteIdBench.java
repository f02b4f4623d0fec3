package io.ringkv.bench;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.port.Metrics;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * What write ids cost on the write path, in one process: a client write with and without a write id
 * through what a write does at its replicas — the Coordinate request through the replica codec, the
 * coordinating replica's store ({@code put} on a real engine on disk, sync {@code none}), its answer
 * through the codec, and the Merge of the stored versions into a second replica's store, through the
 * codec. Each write carries the context the previous write of its key returned, as a client that
 * reads before it writes would. Rounds with and without ids alternate; the median CPU time of the
 * writing thread per write (ns) of each is printed: the machine's other load does not count, the
 * engine's background flushes and compactions do not either. Not part of {@code ./mvnw verify}; see docs/objects.md for the command.
 *
 * <p>Options: {@code --writes=N} per round (200,000), {@code --rounds=N} per variant (5), {@code
 * --keys=N} (10,000), {@code --value-bytes=N} (100), {@code --dir=PATH} (a temporary directory).
 */
public final class WriteIdBench {
    private static final String BUCKET = "bench";
    /** The writing thread's CPU time, not the wall clock: other processes share the cores. */
    private static final ThreadMXBean THREAD = ManagementFactory.getThreadMXBean();

    private WriteIdBench() {}

    public static void main(String[] args) throws Exception {
        int writes = 200_000;
        int rounds = 5;
        int keys = 10_000;
        int valueBytes = 100;
        Path dir = null;
        for (String arg : args) {
            String value = arg.substring(arg.indexOf('=') + 1);
            if (arg.startsWith("--writes=")) {
                writes = Integer.parseInt(value);
            } else if (arg.startsWith("--rounds=")) {
                rounds = Integer.parseInt(value);
            } else if (arg.startsWith("--keys=")) {
                keys = Integer.parseInt(value);
            } else if (arg.startsWith("--value-bytes=")) {
                valueBytes = Integer.parseInt(value);
            } else if (arg.startsWith("--dir=")) {
                dir = Path.of(value);
            } else {
                throw new IllegalArgumentException("unknown option " + arg);
            }
        }
        boolean temporary = dir == null;
        Path root = temporary ? Files.createTempDirectory("write-id-bench") : dir;
        ExecutorScheduler background = new ExecutorScheduler("bench-storage", 2);
        try (StorageEngine first = open(root.resolve("a"), background);
                StorageEngine second = open(root.resolve("b"), background)) {
            ReplicaService coordinating = service(first, "a~1");
            ReplicaService other = service(second, "b~1");
            byte[][] keyBytes = new byte[keys][];
            for (int i = 0; i < keys; i++) {
                keyBytes[i] = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            }
            VersionVector[] contexts = new VersionVector[keys];
            Arrays.fill(contexts, VersionVector.EMPTY);
            byte[] value = new byte[valueBytes];
            SplittableRandom random = new SplittableRandom(42);
            // Warm-up: one round of each.
            round(coordinating, other, keyBytes, contexts, value, writes, random, true);
            round(coordinating, other, keyBytes, contexts, value, writes, random, false);
            long[] with = new long[rounds];
            long[] without = new long[rounds];
            for (int r = 0; r < rounds; r++) {
                with[r] = round(coordinating, other, keyBytes, contexts, value, writes, random, true);
                without[r] = round(coordinating, other, keyBytes, contexts, value, writes, random, false);
                System.out.printf(
                        "round %d: with write ids %d ns CPU/write, without %d ns CPU/write%n",
                        r + 1, with[r], without[r]);
            }
            System.out.printf(
                    "median of %d rounds of %,d writes over %,d keys, %d-byte values: with write ids %d ns CPU/write,"
                            + " without %d ns CPU/write%n",
                    rounds, writes, keys, valueBytes, median(with), median(without));
        } finally {
            background.close();
            if (temporary) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
    }

    private static long round(
            ReplicaService coordinating,
            ReplicaService other,
            byte[][] keys,
            VersionVector[] contexts,
            byte[] value,
            int writes,
            SplittableRandom random,
            boolean writeIds)
            throws Exception {
        long start = THREAD.getCurrentThreadCpuTime();
        for (int i = 0; i < writes; i++) {
            int k = random.nextInt(keys.length);
            WriteRequest write = new WriteRequest(
                    contexts[k],
                    Content.value("application/octet-stream", value, Content.NO_EXPIRY),
                    false,
                    ConflictResolution.SIBLINGS,
                    writeIds ? WriteId.random(random) : null);
            ReplicaRequest coordinate = ReplicaCodec.decodeRequest(
                    ReplicaCodec.encode(new ReplicaRequest.Coordinate(BUCKET, keys[k], write)));
            ReplicaResponse answer = ReplicaCodec.decodeResponse(ReplicaCodec.encode(coordinating.handle(coordinate)));
            VersionedObject stored = ((ReplicaResponse.Versions) answer).object();
            ReplicaRequest merge = ReplicaCodec.decodeRequest(ReplicaCodec.encode(
                    new ReplicaRequest.Merge(BUCKET, keys[k], stored, ConflictResolution.SIBLINGS)));
            ReplicaCodec.decodeResponse(ReplicaCodec.encode(other.handle(merge)));
            contexts[k] = stored.context();
        }
        return (THREAD.getCurrentThreadCpuTime() - start) / writes;
    }

    private static long median(long[] values) {
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    private static StorageEngine open(Path dir, ExecutorScheduler background) throws Exception {
        StorageOptions options =
                StorageOptions.builder(dir).syncPolicy(SyncPolicy.NONE).build();
        return StorageEngine.open(
                options,
                new StorageEnvironment(ChannelFileIO.INSTANCE, SystemClock.INSTANCE, background, Metrics.noop()));
    }

    private static ReplicaService service(StorageEngine engine, String actor) throws Exception {
        BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
        ReplicaStore store = new ReplicaStore(
                engine,
                catalog,
                new Partitioner(64),
                actor,
                new Hlc(SystemClock.INSTANCE),
                SystemClock.INSTANCE,
                ReplicaLimits.DEFAULTS,
                Metrics.noop());
        return new ReplicaService(store);
    }
}
