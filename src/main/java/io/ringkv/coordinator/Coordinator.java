package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Metrics;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.WriteRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Any node's coordinator: sends a client request to the key's N replicas in parallel and answers
 * once R (reads) or W (writes) of them have, or fails naming those that did not. Writes are applied
 * first by one coordinating replica (which issues the new version's dot) and then merged into the
 * others; reads ask the replicas their {@link ReadFanout} says, merge every answer and repair the
 * replicas that answered with less. Under a sloppy
 * quorum (the bucket's or the request's), writes for unreachable replicas go to fallback nodes as
 * hints.
 */
public final class Coordinator {
    private final String self;
    private final Placement placement;
    private final ReplicaTransport transport;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final ReadFanout readFanout;
    private final CoordinatorMetrics metrics;

    public Coordinator(
            String self,
            Placement placement,
            ReplicaTransport transport,
            Scheduler scheduler,
            Metrics metrics,
            long timeoutMillis,
            ReadFanout readFanout) {
        this.self = self;
        this.placement = placement;
        this.transport = transport;
        this.scheduler = scheduler;
        this.timeoutNanos = TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        this.readFanout = readFanout;
        this.metrics = new CoordinatorMetrics(metrics);
    }

    /**
     * Reads a key at quorum. Completes with the merged versions, or exceptionally with {@link
     * QuorumNotMetException}.
     *
     * @throws IllegalArgumentException when the requested counts can never be met
     */
    public CompletableFuture<ReadResult> get(String bucket, byte[] key, BucketProps props, RequestQuorum quorum) {
        RequestQuorum.Resolved q = quorum.resolve(props, placement.clusterSize());
        List<String> replicas = readOrder(placement.preferenceList(bucket, key, q.n()));
        ReadRound round = new ReadRound(bucket, key, props, q, replicas, transport, readFanout, metrics);
        round.start();
        round.armTimers(scheduler, timeoutNanos);
        return round.result();
    }

    /**
     * One page of {@code bucket}'s live keys across the cluster: up to {@code limit} keys after
     * {@code after} (from the first when null), each partition's asked of one replica of its read
     * set in partition order, so every live key appears once across the pages (see {@link
     * ListRound}). Completes with the page, or exceptionally with {@link
     * PartitionUnavailableException} naming a partition none of whose replicas answered.
     *
     * @throws EncodingException when the cursor names a partition the ring does not have
     * @throws IllegalArgumentException when {@code limit} is not positive
     */
    public CompletableFuture<KeyPage> listKeys(String bucket, BucketProps props, KeyCursor after, int limit)
            throws EncodingException {
        if (limit < 1) {
            throw new IllegalArgumentException("limit must be positive: " + limit);
        }
        int partitions = placement.partitions();
        if (after != null && after.partition() >= partitions) {
            throw new EncodingException(
                    "cursor names partition " + after.partition() + " of a ring with " + partitions);
        }
        int n = Math.min(props.n(), Math.max(1, placement.clusterSize()));
        return new ListRound(bucket, n, limit, placement, this::readOrder, transport, scheduler, timeoutNanos)
                .start(after);
    }

    /**
     * The order a read asks replicas in: this node's own first (no network), then those believed
     * up in preference order, then those believed down.
     */
    private List<String> readOrder(List<String> preference) {
        List<String> order = new ArrayList<>(preference.size());
        if (preference.contains(self)) {
            order.add(self);
        }
        for (String node : preference) {
            if (!node.equals(self) && placement.isUp(node)) {
                order.add(node);
            }
        }
        for (String node : preference) {
            if (!node.equals(self) && !placement.isUp(node)) {
                order.add(node);
            }
        }
        return order;
    }

    /**
     * Writes a key at quorum: to the key's replicas and, while its range moves, to the nodes
     * receiving it, each of which adds one to the acknowledgements needed. Completes with the versions the coordinating replica stored, or
     * exceptionally with {@link QuorumNotMetException} or, when the coordinating replica refused
     * the write, {@link io.ringkv.protocol.WriteRefusedException}.
     *
     * @throws IllegalArgumentException when the requested counts can never be met
     */
    public CompletableFuture<VersionedObject> put(
            String bucket, byte[] key, WriteRequest write, BucketProps props, RequestQuorum quorum) {
        RequestQuorum.Resolved asked = quorum.resolve(props, placement.clusterSize());
        List<String> serving = placement.preferenceList(bucket, key, asked.n());
        List<String> pending = placement.pendingReplicas(bucket, key, asked.n());
        List<String> replicas = serving;
        RequestQuorum.Resolved q = asked;
        if (!pending.isEmpty()) {
            // The range moves: its receivers get every write too, and each needs one more
            // acknowledgement, so that w replicas of whichever list serves reads after the switch
            // have the write (Cassandra's pending-range rule).
            replicas = new ArrayList<>(serving);
            for (String node : pending) {
                if (!replicas.contains(node)) {
                    replicas.add(node);
                }
            }
            int extra = replicas.size() - serving.size();
            metrics.pendingWrites.increment();
            q = new RequestQuorum.Resolved(
                    asked.n(), asked.r(), asked.w() + extra, asked.pr(), asked.pw() == 0 ? 0 : asked.pw() + extra);
        }
        List<String> fallbacks =
                quorum.sloppy(props) ? placement.fallbacks(bucket, key, asked.n(), placement.clusterSize()) : List.of();
        WriteRound round = new WriteRound(
                self,
                bucket,
                key,
                write,
                props,
                q,
                replicas,
                fallbacks,
                placement::isUp,
                transport,
                scheduler,
                timeoutNanos,
                metrics);
        round.start();
        return round.result();
    }
}
