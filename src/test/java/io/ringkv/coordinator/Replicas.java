package io.ringkv.coordinator;

import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.WriteId;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
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
 * A few replicas, each a real store and hint log over simulated disk, reached through an in-process
 * transport that encodes every message (as the wire would) and can make a node unreachable or
 * silent. The preference list is the first n nodes; the fallbacks are the others that are not down.
 */
final class Replicas implements ReplicaTransport, Placement {
    final SimClock clock = new SimClock();
    final SimScheduler scheduler = new SimScheduler(clock);
    final RecordingMetrics metrics = new RecordingMetrics();
    final Map<String, ReplicaService> services = new LinkedHashMap<>();
    final Map<String, SimFileIO> disks = new LinkedHashMap<>();
    final Map<String, HintLog> hintLogs = new LinkedHashMap<>();
    final Set<String> down = new HashSet<>();
    final Set<String> silent = new HashSet<>();
    /** Nodes that refuse connections while the failure detector still reports them up. */
    final Set<String> refusing = new HashSet<>();
    /**
     * Nodes that apply a request to coordinate a write and then fail to answer (the connection
     * breaks after the replica stored it).
     */
    final Set<String> failAfterCoordinating = new HashSet<>();
    /** Nodes the failure detector reports down (whether or not they are). */
    final Set<String> gossipDown = new HashSet<>();

    final List<String> sent = new ArrayList<>();
    /** Nodes that receive every key's range in a transition: writes go to them too, reads do not. */
    final List<String> pending = new ArrayList<>();
    /** Nodes whose merges wait (unapplied, unanswered) until {@link #releaseHeld}. */
    final Set<String> holdMerges = new HashSet<>();

    private final List<Runnable> held = new ArrayList<>();

    Replicas(String... nodes) throws IOException {
        for (String node : nodes) {
            disks.put(node, new SimFileIO());
            open(node);
        }
    }

    private void open(String node) throws IOException {
        SimFileIO disk = disks.get(node);
        StorageOptions options = StorageOptions.builder(Path.of("/" + node))
                .syncPolicy(SyncPolicy.ALWAYS)
                .build();
        StorageEngine engine = StorageEngine.open(options, new StorageEnvironment(disk, clock, scheduler, metrics));
        BucketCatalog catalog = BucketCatalog.load(engine, BucketProps.DEFAULTS);
        ReplicaStore store = new ReplicaStore(
                engine, catalog, new Partitioner(16), node, new Hlc(clock), clock, ReplicaLimits.DEFAULTS, metrics);
        HintLog hints = HintLog.open(disk, Path.of("/" + node + "-hints"), metrics);
        hintLogs.put(node, hints);
        services.put(node, new ReplicaService(store, HintWindow.unbounded(hints, clock)));
    }

    /** A power cut and restart of {@code node}: unforced bytes are lost, store and hint log reopen. */
    void restart(String node) throws IOException {
        disks.get(node).crash();
        open(node);
    }

    /** {@code node}'s hand-off of its hints to nodes that are not down, at {@code bytesPerSecond}. */
    HintedHandoff handoff(String node, long bytesPerSecond) {
        return new HintedHandoff(
                HintWindow.unbounded(hintLogs.get(node), clock),
                this,
                other -> !down.contains(other),
                scheduler,
                bytesPerSecond,
                1_000_000_000L);
    }

    /** A write of {@code value} without a context (siblings bucket). */
    static WriteRequest blind(String value) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    /** A write of {@code value} without a context (siblings bucket), named {@code writeId}. */
    static WriteRequest blind(String value, WriteId writeId) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS,
                writeId);
    }

    /** A coordinator at {@code self} whose reads ask every replica. */
    Coordinator coordinator(String self, long timeoutMillis) {
        return coordinator(self, timeoutMillis, ReadFanout.everyReplica());
    }

    Coordinator coordinator(String self, long timeoutMillis, ReadFanout readFanout) {
        return new Coordinator(self, this, this, scheduler, metrics, timeoutMillis, readFanout);
    }

    ReplicaStore store(String node) {
        return services.get(node).store();
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        List<String> serving = new ArrayList<>(services.keySet());
        serving.removeAll(pending);
        return serving.subList(0, Math.min(n, serving.size()));
    }

    @Override
    public List<String> pendingReplicas(String bucket, byte[] key, int n) {
        return List.copyOf(pending);
    }

    @Override
    public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        List<String> all = new ArrayList<>(services.keySet());
        return all.subList(Math.min(n, all.size()), all.size()).stream()
                .filter(node -> !down.contains(node))
                .limit(count)
                .toList();
    }

    @Override
    public boolean isUp(String node) {
        return !down.contains(node) && !gossipDown.contains(node);
    }

    @Override
    public int clusterSize() {
        return services.size();
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        sent.add(node + " " + request.getClass().getSimpleName());
        if (down.contains(node) || refusing.contains(node)) {
            return CompletableFuture.failedFuture(new ConnectException("connection refused by " + node));
        }
        if (silent.contains(node)) {
            return new CompletableFuture<>();
        }
        if (holdMerges.contains(node) && request instanceof ReplicaRequest.Merge) {
            CompletableFuture<ReplicaResponse> later = new CompletableFuture<>();
            held.add(() -> deliver(node, request).whenComplete((r, e) -> later.complete(r)));
            return later;
        }
        return deliver(node, request);
    }

    /** Delivers the held merges and their answers. */
    void releaseHeld() {
        List<Runnable> now = new ArrayList<>(held);
        held.clear();
        now.forEach(Runnable::run);
    }

    private CompletableFuture<ReplicaResponse> deliver(String node, ReplicaRequest request) {
        try {
            ReplicaRequest received = ReplicaCodec.decodeRequest(ReplicaCodec.encode(request));
            ReplicaResponse response = services.get(node).handle(received);
            if (received instanceof ReplicaRequest.Coordinate && failAfterCoordinating.contains(node)) {
                return CompletableFuture.failedFuture(
                        new java.net.SocketException("connection reset by " + node + " after applying"));
            }
            return CompletableFuture.completedFuture(ReplicaCodec.decodeResponse(ReplicaCodec.encode(response)));
        } catch (Exception e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
