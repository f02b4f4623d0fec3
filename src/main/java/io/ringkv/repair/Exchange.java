package io.ringkv.repair;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.RepairScope;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.replica.ReplicaStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * One exchange of a partition (a {@link RepairScope}) between this replica and a peer: compare the
 * roots of their trees; where they differ, ask for the next level's nodes under the differing ones
 * only, down to the leaves; list the differing leaves' keys on both sides; and sync each key that
 * differs both ways with one replica request: this side's versions go to the peer as a {@code
 * Merge} (or a {@code Get} when this side has none), and the peer's answer — its versions after the
 * merge — is merged here. The DVV merge keeps every version either side holds that the other has not
 * superseded, so an exchange loses nothing and concurrent versions stay siblings.
 *
 * <p>Steps run one after another; every message waits its turn at the shared {@link Pacer} and
 * gives up after the timeout. Local scans run on the scheduler, never on a transport's thread.
 */
final class Exchange {
    private final AntiEntropy.Context ctx;
    private final String peer;
    private final RepairScope scope;
    private final RepairOperation progress;
    private MerkleTree local;
    private long differences;
    private long repaired;
    private int failedKeys;
    private String firstKeyFailure;

    Exchange(AntiEntropy.Context ctx, String peer, RepairScope scope, RepairOperation progress) {
        this.ctx = ctx;
        this.peer = peer;
        this.scope = scope;
        this.progress = progress;
    }

    long differences() {
        return differences;
    }

    long repaired() {
        return repaired;
    }

    CompletableFuture<Void> run() {
        return onScheduler(() -> ctx.digests().tree(scope)).thenCompose(tree -> {
            local = tree;
            progress.keysCompared.addAndGet(tree.keys());
            return descend(0, new int[] {0});
        });
    }

    /** Compares the given nodes of {@code level}; goes on below those that differ. */
    private CompletableFuture<Void> descend(int level, int[] indexes) {
        return ask(new RepairRequest.Level(scope, level, indexes)).thenCompose(response -> {
            if (!(response instanceof RepairResponse.Hashes hashes) || hashes.hashes().length != indexes.length) {
                throw new IllegalStateException(peer + " answered " + describe(response) + " to a tree level request");
            }
            long[] mine = local.nodes(level, indexes);
            List<Integer> differing = new ArrayList<>();
            for (int i = 0; i < indexes.length; i++) {
                if (mine[i] != hashes.hashes()[i]) {
                    differing.add(indexes[i]);
                }
            }
            if (differing.isEmpty()) {
                return CompletableFuture.completedFuture(null);
            }
            int[] next = differing.stream().mapToInt(Integer::intValue).toArray();
            if (level == MerkleTree.LEVELS - 1) {
                return syncLeaves(next);
            }
            return descend(level + 1, MerkleTree.children(level, next));
        });
    }

    /** Lists the keys of {@code leaves} at both replicas and syncs those that differ; then the rest. */
    private CompletableFuture<Void> syncLeaves(int[] leaves) {
        return ask(new RepairRequest.Keys(scope, leaves))
                .thenCompose(response -> {
                    if (!(response instanceof RepairResponse.Keys keys)
                            || keys.leaves().isEmpty()) {
                        throw new IllegalStateException(
                                peer + " answered " + describe(response) + " to a key list request");
                    }
                    Set<Integer> asked = new HashSet<>();
                    for (int leaf : leaves) {
                        asked.add(leaf);
                    }
                    for (RepairResponse.LeafKeys leaf : keys.leaves()) {
                        if (!asked.contains(leaf.leaf())) {
                            throw new IllegalStateException(peer + " answered leaf " + leaf.leaf() + ", not asked");
                        }
                    }
                    int[] answered = keys.leaves().stream()
                            .mapToInt(RepairResponse.LeafKeys::leaf)
                            .toArray();
                    return onScheduler(() -> ctx.digests().keys(scope, answered))
                            .thenCompose(mine -> {
                                Set<Integer> done = new HashSet<>();
                                for (RepairResponse.LeafKeys leaf : mine) {
                                    done.add(leaf.leaf());
                                }
                                List<Difference> found = compare(mine, keys.leaves(), done);
                                differences += found.size();
                                progress.differences.addAndGet(found.size());
                                ctx.differencesFound().increment(found.size());
                                int[] rest = Arrays.stream(leaves)
                                        .filter(l -> !done.contains(l))
                                        .toArray();
                                return syncKeys(found, 0)
                                        .thenCompose(ignored -> rest.length == 0
                                                ? CompletableFuture.completedFuture(null)
                                                : syncLeaves(rest));
                            });
                })
                .thenApply(ignored -> {
                    if (failedKeys > 0) {
                        throw new IllegalStateException(
                                failedKeys + " differing keys could not be repaired, first: " + firstKeyFailure);
                    }
                    return null;
                });
    }

    /** A key whose versions differ (or that one side lacks). */
    private record Difference(String bucket, byte[] key) {}

    private record KeyId(String bucket, ByteBuffer key) {}

    /** The keys of the leaves in {@code done} whose hashes differ between the two lists. */
    private static List<Difference> compare(
            List<RepairResponse.LeafKeys> mine, List<RepairResponse.LeafKeys> theirs, Set<Integer> done) {
        Map<KeyId, Long> hashes = new HashMap<>();
        Map<KeyId, byte[]> keys = new LinkedHashMap<>();
        for (RepairResponse.LeafKeys leaf : mine) {
            for (RepairResponse.KeyHash k : leaf.keys()) {
                KeyId id = new KeyId(k.bucket(), ByteBuffer.wrap(k.key()));
                hashes.put(id, k.versionHash());
                keys.put(id, k.key());
            }
        }
        List<Difference> out = new ArrayList<>();
        Set<KeyId> seen = new HashSet<>();
        for (RepairResponse.LeafKeys leaf : theirs) {
            if (!done.contains(leaf.leaf())) {
                continue;
            }
            for (RepairResponse.KeyHash k : leaf.keys()) {
                KeyId id = new KeyId(k.bucket(), ByteBuffer.wrap(k.key()));
                seen.add(id);
                Long hash = hashes.get(id);
                if (hash == null || hash != k.versionHash()) {
                    out.add(new Difference(k.bucket(), k.key()));
                }
            }
        }
        for (Map.Entry<KeyId, byte[]> e : keys.entrySet()) {
            if (!seen.contains(e.getKey())) {
                out.add(new Difference(e.getKey().bucket(), e.getValue()));
            }
        }
        return out;
    }

    /** Syncs {@code found} from {@code from} on, one batch of replica requests at a time. */
    private CompletableFuture<Void> syncKeys(List<Difference> found, int from) {
        if (from >= found.size()) {
            return CompletableFuture.completedFuture(null);
        }
        return onScheduler(() -> batch(found, from)).thenCompose(batch -> {
            long size = 0;
            for (byte[] wire : batch.wire) {
                size += wire.length;
            }
            return paced(size, () -> ctx.replicas().sendAll(peer, batch.requests))
                    .thenCompose(responses -> onScheduler(() -> {
                        applyAnswers(batch, responses);
                        return null;
                    }))
                    .thenCompose(ignored -> syncKeys(found, from + batch.requests.size()));
        });
    }

    private record Batch(List<ReplicaRequest> requests, List<byte[]> wire, List<ConflictResolution> resolutions) {}

    /** The next requests: at most the batch size, and about a megabyte of objects past the first. */
    private Batch batch(List<Difference> found, int from) throws IOException {
        ReplicaStore store = ctx.digests().store();
        List<ReplicaRequest> requests = new ArrayList<>();
        List<byte[]> wire = new ArrayList<>();
        List<ConflictResolution> resolutions = new ArrayList<>();
        long bytes = 0;
        for (int i = from; i < found.size() && requests.size() < ctx.batchSize(); i++) {
            Difference d = found.get(i);
            VersionedObject mine = store.get(d.bucket(), d.key());
            ConflictResolution resolution = store.catalog().props(d.bucket()).conflictResolution();
            ReplicaRequest request = mine.isEmpty()
                    ? new ReplicaRequest.Get(d.bucket(), d.key())
                    : new ReplicaRequest.Merge(d.bucket(), d.key(), mine, resolution);
            byte[] encoded = ReplicaCodec.encode(request);
            if (!requests.isEmpty() && bytes + encoded.length > AntiEntropy.BATCH_BYTES) {
                break;
            }
            requests.add(request);
            wire.add(encoded);
            resolutions.add(resolution);
            bytes += encoded.length;
        }
        return new Batch(requests, wire, resolutions);
    }

    /** Merges the peer's versions of each key here. */
    private void applyAnswers(Batch batch, List<ReplicaResponse> responses) {
        ReplicaStore store = ctx.digests().store();
        for (int i = 0; i < batch.requests.size(); i++) {
            ReplicaRequest request = batch.requests.get(i);
            ReplicaResponse response = responses.get(i);
            long size =
                    response instanceof ReplicaResponse.Versions v ? ObjectCodec.encode(v.object()).length + 6L : 64L;
            ctx.received(size, progress);
            if (response instanceof ReplicaResponse.Versions v) {
                try {
                    store.merge(request.bucket(), request.key(), v.object(), batch.resolutions.get(i));
                    repaired++;
                    progress.keysRepaired.incrementAndGet();
                    ctx.keysRepaired().increment();
                } catch (IOException e) {
                    keyFailed(request, "here: " + e.getMessage());
                }
            } else if (response instanceof ReplicaResponse.Refused r) {
                keyFailed(request, peer + " refused: " + r.message());
            } else {
                keyFailed(request, peer + " failed: " + ((ReplicaResponse.Failed) response).message());
            }
        }
    }

    private void keyFailed(ReplicaRequest request, String why) {
        if (failedKeys++ == 0) {
            firstKeyFailure = request.bucket() + "/"
                    + new String(request.key(), java.nio.charset.StandardCharsets.UTF_8) + ": " + why;
        }
    }

    /** Sends one repair request to the peer, in turn, and checks its answer. */
    private CompletableFuture<RepairResponse> ask(RepairRequest request) {
        long size = RepairCodec.encode(request).length;
        return paced(size, () -> ctx.repairs().send(peer, request)).thenApply(response -> {
            ctx.received(RepairCodec.encode(response).length, progress);
            if (response instanceof RepairResponse.Failed f) {
                throw new IllegalStateException(peer + " failed: " + f.message());
            }
            return response;
        });
    }

    /** Waits for the pacer, sends, and gives up after the timeout. */
    private <T> CompletableFuture<T> paced(long bytes, Supplier<CompletableFuture<T>> send) {
        ctx.sent(bytes, progress);
        long wait = ctx.pacer().reserve(bytes);
        CompletableFuture<T> result = new CompletableFuture<>();
        ctx.scheduler().schedule(wait, () -> {
            CompletableFuture<T> sent;
            try {
                sent = send.get();
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
                return;
            }
            var timeout = ctx.scheduler()
                    .schedule(
                            ctx.timeoutNanos(),
                            () -> result.completeExceptionally(new TimeoutException(
                                    "no answer from " + peer + " in " + ctx.timeoutNanos() / 1_000_000 + " ms")));
            sent.whenComplete((value, error) -> {
                timeout.cancel();
                if (error != null) {
                    result.completeExceptionally(error);
                } else {
                    result.complete(value);
                }
            });
        });
        return result;
    }

    /** Runs local work (scans, merges) on the scheduler rather than on a transport's thread. */
    private <T> CompletableFuture<T> onScheduler(Callable<T> work) {
        CompletableFuture<T> result = new CompletableFuture<>();
        ctx.scheduler().execute(() -> {
            try {
                result.complete(work.call());
            } catch (Exception e) {
                result.completeExceptionally(e);
            }
        });
        return result;
    }

    private static String describe(RepairResponse response) {
        return response == null ? "nothing" : response.getClass().getSimpleName();
    }
}
