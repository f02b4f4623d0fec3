package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import io.ringkv.replica.WriteRefusedException;
import io.ringkv.replica.WriteRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * One quorum write. A coordinating replica (this node when it is one of the key's replicas, else
 * the first in the preference list) applies the client's write and so issues its dot; if it cannot
 * be reached the next replica is tried. The versions it stored are then merged into every other
 * replica, and the write is acknowledged at W.
 */
final class WriteRound {
    private final String bucket;
    private final byte[] key;
    private final WriteRequest write;
    private final BucketProps props;
    private final RequestQuorum.Resolved quorum;
    private final List<String> replicas;
    private final List<String> candidates;
    private final ReplicaTransport transport;
    private final CoordinatorMetrics metrics;
    private final CompletableFuture<VersionedObject> result = new CompletableFuture<>();
    private final List<ReplicaFailure> failures = new ArrayList<>();
    private final Set<String> acked = new HashSet<>();
    private final Set<String> settled = new HashSet<>();
    private VersionedObject stored;
    private int nextCandidate;

    WriteRound(
            String self,
            String bucket,
            byte[] key,
            WriteRequest write,
            BucketProps props,
            RequestQuorum.Resolved quorum,
            List<String> replicas,
            ReplicaTransport transport,
            CoordinatorMetrics metrics) {
        this.bucket = bucket;
        this.key = key;
        this.write = write;
        this.props = props;
        this.quorum = quorum;
        this.replicas = replicas;
        this.transport = transport;
        this.metrics = metrics;
        this.candidates = new ArrayList<>(replicas);
        if (candidates.remove(self)) {
            candidates.add(0, self);
        }
    }

    CompletableFuture<VersionedObject> result() {
        return result;
    }

    synchronized void start() {
        if (replicas.size() < quorum.w()) {
            fail();
            return;
        }
        tryNextCoordinator();
    }

    private void tryNextCoordinator() {
        if (nextCandidate == candidates.size()) {
            fail();
            return;
        }
        String node = candidates.get(nextCandidate++);
        if (nextCandidate > 1) {
            metrics.coordinatorRetries.increment();
        }
        transport
                .send(node, new ReplicaRequest.Coordinate(bucket, key, write))
                .whenComplete((response, error) -> coordinated(node, response, error));
    }

    private synchronized void coordinated(String node, ReplicaResponse response, Throwable error) {
        if (result.isDone() && stored == null) {
            return;
        }
        settled.add(node);
        if (response instanceof ReplicaResponse.Versions v) {
            stored = v.object();
            acked.add(node);
            checkDone();
            ReplicaRequest.Merge merge = new ReplicaRequest.Merge(bucket, key, stored, props.conflictResolution());
            for (String other : replicas) {
                if (!other.equals(node)) {
                    transport.send(other, merge).whenComplete((r, e) -> replicated(other, r, e));
                }
            }
        } else if (response instanceof ReplicaResponse.Refused refused) {
            result.completeExceptionally(new WriteRefusedException(refused.reason(), refused.message()));
        } else {
            failures.add(new ReplicaFailure(node, Rounds.reason(response, error)));
            tryNextCoordinator();
        }
    }

    private synchronized void replicated(String node, ReplicaResponse response, Throwable error) {
        if (!settled.add(node)) {
            return;
        }
        if (response instanceof ReplicaResponse.Versions) {
            acked.add(node);
            checkDone();
        } else {
            failures.removeIf(f -> f.node().equals(node));
            failures.add(new ReplicaFailure(node, Rounds.reason(response, error)));
            if (!result.isDone() && acked.size() + (replicas.size() - settled.size()) < quorum.w()) {
                fail();
            }
        }
    }

    private void checkDone() {
        if (!result.isDone() && acked.size() >= quorum.w()) {
            result.complete(stored);
        }
    }

    synchronized void timeout() {
        if (result.isDone()) {
            return;
        }
        for (String node : replicas) {
            if (!settled.contains(node)) {
                failures.add(new ReplicaFailure(node, "no answer in time"));
            }
        }
        fail();
    }

    private void fail() {
        if (result.isDone()) {
            return;
        }
        metrics.quorumFailures.increment();
        result.completeExceptionally(new QuorumNotMetException("write", quorum.w(), acked.size(), failures));
    }
}
