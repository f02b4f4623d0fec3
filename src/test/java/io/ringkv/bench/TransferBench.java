package io.ringkv.bench;

import com.sun.net.httpserver.HttpServer;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.port.Metrics;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.server.transfer.OkHttpStreamTransport;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.transfer.RangeChunkCodec;
import io.ringkv.transfer.RangeSizes;
import io.ringkv.transfer.RangeSource;
import io.ringkv.transfer.TransferJob;
import io.ringkv.transfer.TransferOperation;
import io.ringkv.transfer.TransferScheduler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * What streaming one key range costs: a source store on disk loaded with about {@code --mb} MB of
 * objects in one range (flushed to SSTables), served over loopback HTTP ({@code POST
 * /internal/v1/range} on the JDK's HTTP server, through {@link RangeSource} and {@link
 * RangeChunkCodec}), pulled by a {@link TransferScheduler} through {@link OkHttpStreamTransport} into a
 * second store on disk, every object merged. Prints the bytes, keys, chunks, time and MB/s, and
 * checks the receiver holds every object. Not part of {@code ./mvnw verify}; see docs/transfer.md
 * for the command ({@code bench/transfer.sh}).
 *
 * <p>Options: {@code --mb=N} (256), {@code --value-bytes=N} (1000), {@code --partitions=Q} (16),
 * {@code --chunk-bytes=N} (1048576), {@code --rate=N} bytes/s (0: none), {@code --sync=none|always}
 * (none), {@code --dir=PATH} (target/bench-data/transfer).
 */
public final class TransferBench {
    private static final String BUCKET = "bench";

    public static void main(String[] args) throws Exception {
        Map<String, String> options = new HashMap<>();
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        long megabytes = Long.parseLong(options.getOrDefault("mb", "256"));
        int valueBytes = Integer.parseInt(options.getOrDefault("value-bytes", "1000"));
        int partitions = Integer.parseInt(options.getOrDefault("partitions", "16"));
        int chunkBytes = Integer.parseInt(options.getOrDefault("chunk-bytes", "1048576"));
        long rate = Long.parseLong(options.getOrDefault("rate", "0"));
        SyncPolicy sync =
                SyncPolicy.valueOf(options.getOrDefault("sync", "none").toUpperCase());
        Path dir = Path.of(options.getOrDefault("dir", "target/bench-data/transfer"));
        delete(dir);
        System.out.printf(
                "transfer bench: %d MB in one range, %d-byte values, %d partitions, chunks of %d bytes, rate %s,"
                        + " sync %s, JDK %s, %d CPUs%n",
                megabytes,
                valueBytes,
                partitions,
                chunkBytes,
                rate == 0 ? "unlimited" : rate + " B/s",
                sync,
                Runtime.version(),
                Runtime.getRuntime().availableProcessors());

        Partitioner partitioner = new Partitioner(partitions);
        int range = 0;
        ExecutorScheduler background = new ExecutorScheduler("bench-storage", 2);
        ExecutorScheduler transferThreads = new ExecutorScheduler("bench-transfer", 2);
        ExecutorService serverThreads = Executors.newFixedThreadPool(4);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        OkHttpClient client =
                new OkHttpClient.Builder().readTimeout(60, TimeUnit.SECONDS).build();
        try {
            Side source = Side.open(dir.resolve("source"), "source", partitioner, sync, background);
            Side receiver = Side.open(dir.resolve("receiver"), "receiver", partitioner, sync, background);
            long t0 = System.nanoTime();
            long keys = load(source.store, partitioner, range, megabytes << 20, valueBytes);
            source.engine.flush();
            System.out.printf("loaded %,d keys in %.1f s%n", keys, (System.nanoTime() - t0) / 1e9);

            RangeSource ranges = new RangeSource(
                    source.store,
                    new RangeSizes(source.store, SystemClock.INSTANCE, 0),
                    RangeChunkCodec.MAX_CHUNK_BYTES);
            server.createContext(OkHttpStreamTransport.RANGE_PATH, exchange -> {
                try (exchange) {
                    byte[] body;
                    try (InputStream in = exchange.getRequestBody()) {
                        body = in.readAllBytes();
                    }
                    byte[] answer = RangeChunkCodec.encode(ranges.read(RangeChunkCodec.decodeRequest(body)));
                    exchange.getResponseHeaders().add("Content-Type", RangeChunkCodec.MEDIA_TYPE);
                    exchange.sendResponseHeaders(200, answer.length);
                    try (OutputStream out = exchange.getResponseBody()) {
                        out.write(answer);
                    }
                } catch (Exception e) {
                    exchange.sendResponseHeaders(500, -1);
                }
            });
            server.setExecutor(serverThreads);
            server.start();
            HttpUrl base = HttpUrl.get("http://127.0.0.1:" + server.getAddress().getPort() + "/");
            OkHttpStreamTransport transport =
                    new OkHttpStreamTransport(client, node -> base, (long) chunkBytes + (64L << 20));

            CompletableFuture<TransferJob> done = new CompletableFuture<>();
            TransferScheduler transfers = new TransferScheduler(
                    receiver.store,
                    transport,
                    transferThreads,
                    SystemClock.INSTANCE,
                    Metrics.noop(),
                    new TransferScheduler.Settings(rate, 1, chunkBytes, 100_000_000L, 1_000_000_000L, 3, 10),
                    done::complete);
            long start = System.nanoTime();
            transfers.offer(List.of(new TransferJob(1, range, List.of("source"), false)));
            done.get(1, TimeUnit.HOURS);
            double seconds = (System.nanoTime() - start) / 1e9;
            TransferOperation.View view = transfers.operations().get(0);
            long[] held = {0};
            receiver.store.scanStored(range, null, (k, v) -> {
                held[0]++;
                return true;
            });
            if (held[0] != keys || view.keys() != keys) {
                throw new IllegalStateException(
                        "the receiver holds " + held[0] + " objects (" + view.keys() + " received) of " + keys);
            }
            System.out.printf(
                    "streamed %,d keys, %,d bytes in %,d chunks (%d failed attempts) in %.2f s: %.1f MB/s%n",
                    view.keys(),
                    view.bytes(),
                    view.chunks(),
                    view.attempts() - 1,
                    seconds,
                    view.bytes() / seconds / (1 << 20));
            source.engine.close();
            receiver.engine.close();
        } finally {
            server.stop(0);
            serverThreads.shutdownNow();
            client.dispatcher().executorService().shutdown();
            client.connectionPool().evictAll();
            transferThreads.close();
            background.close();
        }
    }

    /** Writes keys of {@code range} until about {@code bytes} of values are stored; answers how many. */
    private static long load(ReplicaStore store, Partitioner partitioner, int range, long bytes, int valueBytes)
            throws Exception {
        SplittableRandom random = new SplittableRandom(42);
        List<byte[]> keys = new ArrayList<>();
        for (long i = 0; (long) keys.size() * valueBytes < bytes; i++) {
            byte[] key = ("key-" + i).getBytes(StandardCharsets.UTF_8);
            if (partitioner.partitionOf(BUCKET, key) == range) {
                keys.add(key);
            }
        }
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            List<CompletableFuture<Void>> all = new ArrayList<>();
            int slice = (keys.size() + 3) / 4;
            for (int w = 0; w < 4; w++) {
                List<byte[]> mine =
                        keys.subList(Math.min(keys.size(), w * slice), Math.min(keys.size(), (w + 1) * slice));
                long seed = random.nextLong();
                all.add(CompletableFuture.runAsync(
                        () -> {
                            SplittableRandom r = new SplittableRandom(seed);
                            byte[] value = new byte[valueBytes];
                            try {
                                for (byte[] key : mine) {
                                    r.nextBytes(value);
                                    store.put(
                                            BUCKET,
                                            key,
                                            new WriteRequest(
                                                    VersionVector.EMPTY,
                                                    Content.value(
                                                            "application/octet-stream",
                                                            value.clone(),
                                                            Content.NO_EXPIRY),
                                                    false,
                                                    ConflictResolution.SIBLINGS));
                                }
                            } catch (Exception e) {
                                throw new IllegalStateException(e);
                            }
                        },
                        writers));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
        } finally {
            writers.shutdown();
        }
        return keys.size();
    }

    private record Side(StorageEngine engine, ReplicaStore store) {
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
                    0,
                    Metrics.noop());
            return new Side(engine, store);
        }
    }

    private static void delete(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
