package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

/**
 * One quorum read: asks every replica, answers at R, and once all have answered (or the time is
 * up) sends the merged versions to each replica that answered with less (read repair). A bucket
 * with synchronous read repair first repairs the stale replicas among the R, then answers.
 */
final class ReadRound {
    private final String bucket;
    private final byte[] key;
    private final BucketProps props;
    private final RequestQuorum.Resolved quorum;
    private final List<String> replicas;
    private final ReplicaTransport transport;
    private final CoordinatorMetrics metrics;
    private final CompletableFuture<ReadResult> result = new CompletableFuture<>();
    private final Map<String, VersionedObject> answers = new LinkedHashMap<>();
    private final List<ReplicaFailure> failures = new ArrayList<>();
    private boolean repaired;
    private ReadResult quorumRead;
    private int repairsOutstanding;
    private final Map<String, VersionedObject> repairedWith = new LinkedHashMap<>();
    private Cancellable timer;

    ReadRound(
            String bucket,
            byte[] key,
            BucketProps props,
            RequestQuorum.Resolved quorum,
            List<String> replicas,
            ReplicaTransport transport,
            CoordinatorMetrics metrics) {
        this.bucket = bucket;
        this.key = key;
        this.props = props;
        this.quorum = quorum;
        this.replicas = replicas;
        this.transport = transport;
        this.metrics = metrics;
    }

    /**
     * Arms this round's timeout, cancelled once every replica has answered; a round that its
     * replicas settled while it started (a local read) needs none, and none is scheduled.
     */
    synchronized void armTimeout(Supplier<Cancellable> schedule) {
        if (pending() > 0 || !result.isDone()) {
            this.timer = schedule.get();
        }
    }

    CompletableFuture<ReadResult> result() {
        return result;
    }

    synchronized void start() {
        if (replicas.size() < quorum.r()) {
            fail();
            return;
        }
        ReplicaRequest.Get get = new ReplicaRequest.Get(bucket, key);
        for (String node : replicas) {
            transport.send(node, get).whenComplete((response, error) -> answered(node, response, error));
        }
    }

    private synchronized void answered(String node, ReplicaResponse response, Throwable error) {
        if (answers.containsKey(node)
                || failures.stream().anyMatch(f -> f.node().equals(node))) {
            return;
        }
        if (response instanceof ReplicaResponse.Versions v) {
            answers.put(node, v.object());
        } else {
            failures.add(new ReplicaFailure(node, Rounds.reason(response, error)));
        }
        if (!result.isDone() && quorumRead == null) {
            if (answers.size() >= quorum.r()) {
                ReadResult read = new ReadResult(merged(), answers.size());
                if (props.syncReadRepair()) {
                    repairBeforeAnswering(read);
                } else {
                    result.complete(read);
                }
            } else if (answers.size() + pending() < quorum.r()) {
                fail();
            }
        }
        if (pending() == 0) {
            repair();
            if (timer != null) {
                timer.cancel();
            }
        }
    }

    /**
     * For a bucket that asks for it: the replicas among the quorum that answered with less get the
     * merged versions, and the read answers once they have acknowledged (or at the timeout; the
     * answer is right either way, only its durability on those replicas is in question).
     */
    private void repairBeforeAnswering(ReadResult read) {
        quorumRead = read;
        for (Map.Entry<String, VersionedObject> answer : answers.entrySet()) {
            if (!answer.getValue().equals(read.object())) {
                metrics.readRepairs.increment();
                repairsOutstanding++;
                repairedWith.put(answer.getKey(), read.object());
                transport
                        .send(
                                answer.getKey(),
                                new ReplicaRequest.Merge(bucket, key, read.object(), props.conflictResolution()))
                        .whenComplete((r, e) -> repairAcknowledged());
            }
        }
        if (repairsOutstanding == 0) {
            result.complete(read);
        }
    }

    private synchronized void repairAcknowledged() {
        if (--repairsOutstanding == 0 && !result.isDone()) {
            result.complete(quorumRead);
        }
    }

    synchronized void timeout() {
        if (!result.isDone() && quorumRead != null) {
            result.complete(quorumRead);
        }
        if (!result.isDone()) {
            for (String node : replicas) {
                if (!answers.containsKey(node)
                        && failures.stream().noneMatch(f -> f.node().equals(node))) {
                    failures.add(new ReplicaFailure(node, "no answer in time"));
                }
            }
            fail();
        }
        repair();
    }

    private int pending() {
        return replicas.size() - answers.size() - failures.size();
    }

    private VersionedObject merged() {
        VersionedObject merged = VersionedObject.ABSENT;
        for (VersionedObject o : answers.values()) {
            merged = merged.merge(o, props.conflictResolution());
        }
        return merged;
    }

    private void fail() {
        metrics.quorumFailures.increment();
        result.completeExceptionally(new QuorumNotMetException("read", quorum.r(), answers.size(), failures));
    }

    /** Sends the merged versions to every replica that answered with less; once per read. */
    private void repair() {
        if (repaired || answers.size() < 2) {
            repaired = true;
            return;
        }
        repaired = true;
        VersionedObject merged = merged();
        for (Map.Entry<String, VersionedObject> answer : answers.entrySet()) {
            if (!answer.getValue().equals(merged) && !merged.equals(repairedWith.get(answer.getKey()))) {
                metrics.readRepairs.increment();
                transport.send(
                        answer.getKey(), new ReplicaRequest.Merge(bucket, key, merged, props.conflictResolution()));
            }
        }
    }
}
