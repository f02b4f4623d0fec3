package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One quorum read: asks the replicas its {@link ReadFanout} says (R, or all N), in the order given
 * (the coordinator's own replica first, replicas believed down last), asks the next one whenever
 * an answer fails or the speculative delay passes first, answers at R, and once all it asked have
 * answered (or the time is up) sends the merged versions to each that answered with less (read
 * repair). A bucket with synchronous read repair first repairs the stale replicas among the R,
 * then answers.
 */
final class ReadRound {
    private final String bucket;
    private final byte[] key;
    private final BucketProps props;
    private final RequestQuorum.Resolved quorum;
    private final List<String> replicas;
    private final ReplicaTransport transport;
    private final ReadFanout fanout;
    private final CoordinatorMetrics metrics;
    private final CompletableFuture<ReadResult> result = new CompletableFuture<>();
    private final Map<String, VersionedObject> answers = new LinkedHashMap<>();
    private final List<ReplicaFailure> failures = new ArrayList<>();
    private boolean repaired;
    private ReadResult quorumRead;
    private int repairsOutstanding;
    private final Map<String, VersionedObject> repairedWith = new LinkedHashMap<>();
    private Cancellable timer;
    private Cancellable speculation;
    /** How many of {@link #replicas}, from the first, have been asked. */
    private int asked;
    /** True while {@link #start} asks the first replicas, whose answers may come at once. */
    private boolean starting;

    ReadRound(
            String bucket,
            byte[] key,
            BucketProps props,
            RequestQuorum.Resolved quorum,
            List<String> replicas,
            ReplicaTransport transport,
            ReadFanout fanout,
            CoordinatorMetrics metrics) {
        this.bucket = bucket;
        this.key = key;
        this.props = props;
        this.quorum = quorum;
        this.replicas = replicas;
        this.transport = transport;
        this.fanout = fanout;
        this.metrics = metrics;
    }

    /**
     * Arms this round's timeout, cancelled once every replica asked has answered, and its
     * speculative retry; a round that its replicas settled while it started (a local read) needs
     * neither, and none is scheduled.
     */
    synchronized void armTimers(Scheduler scheduler, long timeoutNanos) {
        if (pending() > 0 || !result.isDone()) {
            this.timer = scheduler.schedule(timeoutNanos, this::timeout);
        }
        long speculateAfter = fanout.speculateAfterNanos();
        if (speculateAfter > 0 && speculateAfter < timeoutNanos && !result.isDone() && asked < replicas.size()) {
            this.speculation = scheduler.schedule(speculateAfter, this::speculate);
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
        int first = fanout.firstAsks(quorum.r(), replicas.size());
        starting = true;
        while (asked < first) {
            askNext();
        }
        starting = false;
        settleIfAllAnswered();
    }

    private void askNext() {
        String node = replicas.get(asked++);
        transport
                .send(node, new ReplicaRequest.Get(bucket, key))
                .whenComplete((response, error) -> answered(node, response, error));
    }

    /** The speculative retry: the R asked have not all answered in time, so one more is asked. */
    private synchronized void speculate() {
        if (!result.isDone() && quorumRead == null && asked < replicas.size()) {
            metrics.speculativeReads.increment();
            askNext();
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
            } else {
                while (answers.size() + pending() < quorum.r() && asked < replicas.size()) {
                    askNext();
                }
                if (!result.isDone() && quorumRead == null && answers.size() + pending() < quorum.r()) {
                    fail();
                }
            }
        }
        settleIfAllAnswered();
    }

    /** Once every replica asked has answered: read repair, and the timers are no longer needed. */
    private void settleIfAllAnswered() {
        if (starting || pending() > 0) {
            return;
        }
        repair();
        if (timer != null) {
            timer.cancel();
        }
        if (speculation != null) {
            speculation.cancel();
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
            for (String node : replicas.subList(0, asked)) {
                if (!answers.containsKey(node)
                        && failures.stream().noneMatch(f -> f.node().equals(node))) {
                    failures.add(new ReplicaFailure(node, "no answer in time"));
                }
            }
            fail();
        }
        repair();
    }

    /** Replicas asked that have not answered. */
    private int pending() {
        return asked - answers.size() - failures.size();
    }

    private VersionedObject merged() {
        VersionedObject merged = VersionedObject.ABSENT;
        for (VersionedObject o : answers.values()) {
            merged = merged.merge(o, props.conflictResolution());
        }
        return merged;
    }

    private void fail() {
        if (result.isDone()) {
            return;
        }
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
