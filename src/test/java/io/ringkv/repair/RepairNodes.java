package io.ringkv.repair;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.RepairTransport;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
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
import java.util.concurrent.CompletableFuture;

/**
 * A few replicas, each a real store over a simulated disk, on one simulated clock and scheduler;
 * every replica holds every partition (the preference list is the nodes in order). Messages between
 * them cross as bytes through the replica and repair codecs; a node can be made unreachable.
 */
final class RepairNodes {
    static final String BUCKET = "b";
    final SimClock clock = new SimClock();
    final SimScheduler scheduler = new SimScheduler(clock);
    final Partitioner partitioner;
    final Map<String, ReplicaService> services = new LinkedHashMap<>();
    final Map<String, PartitionDigests> digests = new LinkedHashMap<>();
    final Map<String, RecordingMetrics> metrics = new LinkedHashMap<>();
    final Set<String> down = new HashSet<>();
    final Map<String, StorageEngine> engines = new LinkedHashMap<>();
    final Map<String, SimFileIO> disks = new LinkedHashMap<>();
    final Map<String, PurgeHorizon> horizons = new LinkedHashMap<>();
    long repairMessages;

    RepairNodes(int partitions, String... nodes) throws IOException {
        this(partitions, -1, 0, nodes);
    }

    /**
     * @param graceMillis the tombstone grace of purges tied to repair ({@link PurgeHorizon}); -1 for
     *     none (no ledger, no horizon)
     */
    RepairNodes(int partitions, long graceMillis, long skewMillis, String... nodes) throws IOException {
        partitioner = new Partitioner(partitions);
        for (String node : nodes) {
            RecordingMetrics m = new RecordingMetrics();
            SimFileIO disk = new SimFileIO();
            StorageOptions.Builder options = StorageOptions.builder(Path.of("/" + node))
                    .syncPolicy(SyncPolicy.ALWAYS)
                    .memtableBytes(16 * 1024);
            PurgeHorizon horizon = null;
            if (graceMillis >= 0) {
                RepairLedger ledger = RepairLedger.open(disk, Path.of("/" + node + "/repair"), clock);
                horizon = new PurgeHorizon(ledger, clock, graceMillis, skewMillis, m);
                options.purgeGate(horizon);
                horizons.put(node, horizon);
            }
            StorageEngine engine =
                    StorageEngine.open(options.build(), new StorageEnvironment(disk, clock, scheduler, m));
            BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
            // With purges, no object cache: a test sees what the engine holds.
            ReplicaStore store = new ReplicaStore(
                    engine,
                    catalog,
                    partitioner,
                    node,
                    new Hlc(clock),
                    clock,
                    ReplicaLimits.DEFAULTS,
                    horizon == null ? ReplicaStore.DEFAULT_OBJECT_CACHE_BYTES : 0,
                    m);
            if (horizon != null) {
                store.purgeHorizons(horizon);
            }
            services.put(node, new ReplicaService(store));
            digests.put(
                    node,
                    new PartitionDigests(
                            store,
                            clock,
                            60_000_000_000L,
                            1 << 20,
                            horizon == null ? io.ringkv.replica.PurgeHorizons.NEVER : horizon,
                            0));
            metrics.put(node, m);
            engines.put(node, engine);
            disks.put(node, disk);
        }
    }

    ReplicaStore store(String node) {
        return services.get(node).store();
    }

    /** A blind write of {@code value} to {@code key} with {@code node} as the coordinating replica. */
    VersionedObject write(String node, String key, String value) throws IOException, WriteRefusedException {
        return store(node)
                .put(
                        BUCKET,
                        key.getBytes(StandardCharsets.UTF_8),
                        new WriteRequest(
                                VersionVector.EMPTY,
                                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                                false,
                                ConflictResolution.SIBLINGS));
    }

    /** Copies {@code from}'s versions of {@code key} to {@code to} (what a replicated write does). */
    void copy(String from, String to, String key) throws IOException, WriteRefusedException {
        byte[] k = key.getBytes(StandardCharsets.UTF_8);
        store(to).merge(BUCKET, k, store(from).get(BUCKET, k), ConflictResolution.SIBLINGS);
    }

    VersionedObject get(String node, String key) throws IOException {
        return store(node).get(BUCKET, key.getBytes(StandardCharsets.UTF_8));
    }

    AntiEntropy antiEntropy(String self, AntiEntropy.Settings settings) {
        List<String> order = new ArrayList<>(services.keySet());
        return new AntiEntropy(
                self,
                digests.get(self),
                replicaTransport(),
                repairTransport(),
                new AntiEntropy.Replicas() {
                    @Override
                    public int partitions() {
                        return partitioner.partitions();
                    }

                    @Override
                    public List<String> replicas(int partition, int n) {
                        return order.subList(0, Math.min(n, order.size()));
                    }

                    @Override
                    public boolean isUp(String node) {
                        return !down.contains(node);
                    }
                },
                scheduler,
                clock,
                metrics.get(self),
                settings,
                horizons.containsKey(self) ? horizons.get(self).ledger() : null);
    }

    ReplicaTransport replicaTransport() {
        return (node, request) -> {
            if (down.contains(node)) {
                return CompletableFuture.failedFuture(new ConnectException("connection refused by " + node));
            }
            try {
                ReplicaRequest received = ReplicaCodec.decodeRequest(ReplicaCodec.encode(request));
                ReplicaResponse response = services.get(node).handle(received);
                return later(ReplicaCodec.decodeResponse(ReplicaCodec.encode(response)));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    RepairTransport repairTransport() {
        return (node, request) -> {
            repairMessages++;
            if (down.contains(node)) {
                return CompletableFuture.failedFuture(new ConnectException("connection refused by " + node));
            }
            try {
                RepairRequest received = RepairCodec.decodeRequest(RepairCodec.encode(request));
                RepairResponse response = digests.get(node).handle(received);
                return later(RepairCodec.decodeResponse(RepairCodec.encode(response)));
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        };
    }

    /** An answer delivered a millisecond later, as a network would. */
    private <T> CompletableFuture<T> later(T value) {
        CompletableFuture<T> f = new CompletableFuture<>();
        scheduler.schedule(1_000_000L, () -> f.complete(value));
        return f;
    }

    /** Runs the simulated time until {@code op} has finished (at most a simulated minute). */
    RepairOperation.View await(AntiEntropy ae, RepairOperation op) {
        for (int i = 0; i < 60_000 && !op.finished(); i++) {
            scheduler.advance(1_000_000L);
        }
        return ae.operation(op.id()).orElseThrow();
    }

    static AntiEntropy.Settings settings() {
        return new AntiEntropy.Settings(0, 0, 2, 1_000_000_000L, 10, 64);
    }
}
