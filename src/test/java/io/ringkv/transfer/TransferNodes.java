package io.ringkv.transfer;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.replica.StorageKeys;
import io.ringkv.ring.Partitioner;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * A few nodes, each a real replica store over a simulated disk, on one simulated clock and
 * scheduler, and an in-memory {@link StreamTransport} between them that carries every message
 * through {@link RangeChunkCodec} (so a corrupted answer is refused as over HTTP).
 */
final class TransferNodes implements AutoCloseable {
    static final String BUCKET = "b";

    final SimClock clock = new SimClock();
    final SimScheduler scheduler = new SimScheduler(clock);
    final Partitioner partitioner;
    final Map<String, Node> nodes = new LinkedHashMap<>();
    final Transport transport = new Transport();

    final class Node {
        final String id;
        final SimFileIO disk = new SimFileIO();
        final RecordingMetrics metrics = new RecordingMetrics();
        StorageEngine engine;
        ReplicaStore store;
        RangeSource source;

        Node(String id) throws IOException {
            this.id = id;
            open();
        }

        void open() throws IOException {
            StorageOptions options = StorageOptions.builder(Path.of("/" + id))
                    .syncPolicy(SyncPolicy.ALWAYS)
                    .memtableBytes(16 * 1024)
                    .build();
            engine = StorageEngine.open(options, new StorageEnvironment(disk, clock, scheduler, metrics));
            BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
            store = new ReplicaStore(
                    engine, catalog, partitioner, id, new Hlc(clock), clock, ReplicaLimits.DEFAULTS, metrics);
            source = new RangeSource(store, new RangeSizes(store, clock, 0), 1 << 20);
        }

        /** Cuts the power (only forced bytes survive) and opens the node again. */
        void crashAndReopen() throws IOException {
            disk.crash();
            open();
        }

        /** A blind write of {@code value} with this node as the coordinating replica. */
        VersionedObject put(String key, String value) throws IOException, WriteRefusedException {
            return store.put(
                    BUCKET,
                    utf8(key),
                    new WriteRequest(
                            VersionVector.EMPTY,
                            Content.value("text/plain", utf8(value), Content.NO_EXPIRY),
                            false,
                            ConflictResolution.SIBLINGS));
        }

        void merge(String key, VersionedObject object) throws IOException {
            store.merge(BUCKET, utf8(key), object, ConflictResolution.SIBLINGS);
        }

        VersionedObject get(String key) throws IOException {
            return store.get(BUCKET, utf8(key));
        }

        /** Every stored object of {@code range}: storage key (as text) → object. */
        Map<String, VersionedObject> range(int range) throws IOException {
            Map<String, VersionedObject> out = new TreeMap<>();
            store.scanPartition(range, (bucket, key, object) -> out.put(bucket + "/" + text(key), object));
            return out;
        }
    }

    /** Messages through the codec; a node may be made unreachable, an answer corrupted. */
    final class Transport implements StreamTransport {
        final Set<String> down = new HashSet<>();
        /** Answers to corrupt, counted from now: 1 = the next one. */
        final List<Integer> corruptAnswers = new ArrayList<>();

        int answers;
        int corrupted;
        int fetches;
        /** Called before each answer (a test writes concurrently here). */
        Runnable beforeAnswer = () -> {};

        @Override
        public CompletableFuture<RangeChunk> fetch(String node, RangeChunkRequest request) {
            fetches++;
            if (down.contains(node)) {
                return CompletableFuture.failedFuture(new ConnectException(node + " is down"));
            }
            try {
                beforeAnswer.run();
                RangeChunkRequest received = RangeChunkCodec.decodeRequest(RangeChunkCodec.encode(request));
                byte[] answer = RangeChunkCodec.encode(nodes.get(node).source.read(received));
                answers++;
                if (corruptAnswers.remove((Integer) answers)) {
                    answer[answer.length / 2] ^= 0x10;
                    corrupted++;
                }
                return CompletableFuture.completedFuture(RangeChunkCodec.decodeChunk(answer));
            } catch (IOException | EncodingException | RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public CompletableFuture<List<RangeSize>> sizes(String node) {
            try {
                return CompletableFuture.completedFuture(new RangeSizes(nodes.get(node).store, clock, 0).all());
            } catch (IOException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
    }

    TransferNodes(int partitions, String... ids) throws IOException {
        partitioner = new Partitioner(partitions);
        for (String id : ids) {
            nodes.put(id, new Node(id));
        }
    }

    Node node(String id) {
        return nodes.get(id);
    }

    int rangeOf(String key) {
        return partitioner.partitionOf(BUCKET, utf8(key));
    }

    /** Keys {@code prefix0..} of which {@code count} fall in {@code range}. */
    List<String> keysIn(int range, String prefix, int count) {
        List<String> keys = new ArrayList<>();
        for (int i = 0; keys.size() < count; i++) {
            if (rangeOf(prefix + i) == range) {
                keys.add(prefix + i);
            }
        }
        return keys;
    }

    TransferScheduler scheduler(String node, TransferScheduler.Settings settings, List<TransferJob> done) {
        return scheduler(node, settings, done, () -> nodes.get(node).store);
    }

    TransferScheduler scheduler(
            String node, TransferScheduler.Settings settings, List<TransferJob> done, Supplier<ReplicaStore> store) {
        return new TransferScheduler(
                store.get(), transport, scheduler, clock, nodes.get(node).metrics, settings, done::add);
    }

    static TransferScheduler.Settings settings(long rate, int chunkBytes) {
        return new TransferScheduler.Settings(rate, 2, chunkBytes, 1_000_000L, 8_000_000L, 2, 100);
    }

    /** Advances time in millisecond steps until {@code done} holds or {@code maxMillis} passed. */
    void runUntil(Supplier<Boolean> done, long maxMillis) {
        for (long i = 0; i < maxMillis && !done.get(); i++) {
            scheduler.advance(1_000_000L);
        }
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    static byte[] storageKey(int partition, String key) {
        return StorageKeys.object(partition, BUCKET, utf8(key));
    }

    @Override
    public void close() throws IOException {
        for (Node n : nodes.values()) {
            n.engine.close();
        }
    }
}
