package io.ringkv.coordinator;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

/**
 * One quorum write. A coordinating replica (this node when it is one of the key's replicas, else
 * the first in the preference list) applies the client's write and so issues its dot; if it cannot
 * be reached the next replica is tried. The versions it stored are then merged into every other
 * replica, and the write is acknowledged at W.
 *
 * <p>Under a sloppy quorum, each primary replica that fails or does not answer in time has the
 * stored versions sent as a hinted write to the next unused fallback node, which keeps them for it;
 * a hinted acknowledgement counts toward W (after a timeout, the hints get one more timeout to be
 * acknowledged). PW counts primaries only, sloppy or not. A primary gossip sees down is hinted at
 * once. The round goes on after the answer is decided: the client has it at W, and the primaries
 * still unsettled are watched until the timeout, those that fail or stay silent being hinted all
 * the same (then the hints get one more timeout).
 */
final class WriteRound {
    private final String bucket;
    private final byte[] key;
    private final WriteRequest write;
    private final BucketProps props;
    private final RequestQuorum.Resolved quorum;
    private final List<String> replicas;
    private final List<String> candidates;
    private final List<String> fallbacks;
    private final Predicate<String> isUp;
    private final ReplicaTransport transport;
    private final Scheduler scheduler;
    private final long timeoutNanos;
    private final CoordinatorMetrics metrics;
    private final CompletableFuture<VersionedObject> result = new CompletableFuture<>();
    private final List<ReplicaFailure> failures = new ArrayList<>();
    private final Set<String> primaryAcks = new HashSet<>();
    private final Set<String> hintedAcks = new HashSet<>();
    private final Set<String> settled = new HashSet<>();
    /** Primaries that failed before there were versions to hint. */
    private final List<String> awaitingHint = new ArrayList<>();
    /** Hinted writes not yet answered: fallback to the primary it stands in for. */
    private final Map<String, String> hintsInFlight = new LinkedHashMap<>();

    private VersionedObject stored;
    private int nextCandidate;
    private int nextFallback;
    private boolean hintPhase;
    private Cancellable timer;

    /**
     * @param fallbacks the nodes that may take hinted writes, in order; empty without a sloppy quorum
     */
    WriteRound(
            String self,
            String bucket,
            byte[] key,
            WriteRequest write,
            BucketProps props,
            RequestQuorum.Resolved quorum,
            List<String> replicas,
            List<String> fallbacks,
            Predicate<String> isUp,
            ReplicaTransport transport,
            Scheduler scheduler,
            long timeoutNanos,
            CoordinatorMetrics metrics) {
        this.bucket = bucket;
        this.key = key;
        this.write = write;
        this.props = props;
        this.quorum = quorum;
        this.replicas = replicas;
        this.fallbacks = fallbacks;
        this.transport = transport;
        this.scheduler = scheduler;
        this.timeoutNanos = timeoutNanos;
        this.metrics = metrics;
        this.isUp = isUp;
        // Replicas gossip sees down come last as coordinating replica: tried only if all else fails.
        this.candidates = new ArrayList<>();
        for (String r : replicas) {
            if (isUp.test(r)) {
                candidates.add(r);
            }
        }
        for (String r : replicas) {
            if (!isUp.test(r)) {
                candidates.add(r);
            }
        }
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
        // A write that local replicas settled at once needs no timeout: none is queued and cancelled.
        if (!finished()) {
            timer = scheduler.schedule(timeoutNanos, this::timeout);
        }
    }

    /**
     * Whether nothing is left to watch: the answer is decided and no primary can still be hinted
     * (there are no versions or no fallbacks left, or every primary settled and every hint was
     * answered).
     */
    private boolean finished() {
        if (!result.isDone()) {
            return false;
        }
        if (stored == null || fallbacks.isEmpty()) {
            return true;
        }
        boolean hintable = settled.size() < replicas.size() && nextFallback < fallbacks.size();
        return hintsInFlight.isEmpty() && !hintable;
    }

    /** Cancels the timer once the round is {@link #finished}. */
    private void cancelTimerIfFinished() {
        if (timer != null && finished()) {
            timer.cancel();
        }
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
            primaryAcks.add(node);
            checkDone();
            ReplicaRequest.Merge merge = new ReplicaRequest.Merge(bucket, key, stored, props.conflictResolution());
            for (String other : replicas) {
                if (other.equals(node) || settled.contains(other)) {
                    continue;
                }
                if (!fallbacks.isEmpty() && !isUp.test(other)) {
                    // Gossip already sees it down: its versions go to a fallback at once, rather
                    // than after a timeout.
                    settled.add(other);
                    failures.add(new ReplicaFailure(other, "DOWN (gossip)"));
                    handOff(other);
                } else {
                    transport.send(other, merge).whenComplete((r, e) -> replicated(other, r, e));
                }
            }
            for (String primary : awaitingHint) {
                handOff(primary);
            }
            awaitingHint.clear();
            checkFailed();
        } else if (response instanceof ReplicaResponse.Refused refused) {
            result.completeExceptionally(new WriteRefusedException(refused.reason(), refused.message()));
        } else {
            failures.add(new ReplicaFailure(node, Rounds.reason(response, error)));
            awaitingHint.add(node);
            tryNextCoordinator();
        }
        cancelTimerIfFinished();
    }

    private synchronized void replicated(String node, ReplicaResponse response, Throwable error) {
        if (!settled.add(node)) {
            return;
        }
        if (response instanceof ReplicaResponse.Versions) {
            primaryAcks.add(node);
            checkDone();
        } else {
            failures.removeIf(f -> f.node().equals(node));
            failures.add(new ReplicaFailure(node, Rounds.reason(response, error)));
            handOff(node);
            checkFailed();
        }
        cancelTimerIfFinished();
    }

    /**
     * Sends the stored versions to the next unused fallback, to keep for {@code primary} — also
     * after the answer is decided.
     */
    private void handOff(String primary) {
        if (nextFallback == fallbacks.size()) {
            return;
        }
        String fallback = fallbacks.get(nextFallback++);
        hintsInFlight.put(fallback, primary);
        metrics.hintedWrites.increment();
        transport
                .send(fallback, new ReplicaRequest.Hinted(bucket, key, stored, props.conflictResolution(), primary))
                .whenComplete((r, e) -> hinted(fallback, r, e));
    }

    private synchronized void hinted(String fallback, ReplicaResponse response, Throwable error) {
        String primary = hintsInFlight.remove(fallback);
        if (primary == null) {
            return;
        }
        if (response instanceof ReplicaResponse.Versions) {
            hintedAcks.add(fallback);
            checkDone();
        } else {
            failures.add(new ReplicaFailure(fallback, "hint for " + primary + ": " + Rounds.reason(response, error)));
            handOff(primary);
            checkFailed();
        }
        cancelTimerIfFinished();
    }

    private void checkDone() {
        if (!result.isDone()
                && primaryAcks.size() >= quorum.pw()
                && primaryAcks.size() + hintedAcks.size() >= quorum.w()) {
            result.complete(stored);
        }
    }

    /** Fails the round as soon as the acknowledgements still possible cannot reach W or PW. */
    private void checkFailed() {
        if (result.isDone()) {
            return;
        }
        int unsettled = replicas.size() - settled.size();
        if (primaryAcks.size() + unsettled < quorum.pw()
                || primaryAcks.size() + hintedAcks.size() + unsettled + hintsInFlight.size() < quorum.w()) {
            fail();
        }
    }

    synchronized void timeout() {
        if (finished()) {
            return;
        }
        List<String> silent = new ArrayList<>();
        for (String node : replicas) {
            if (!settled.contains(node)) {
                silent.add(node);
                failures.add(new ReplicaFailure(node, "no answer in time"));
            }
        }
        if (!hintPhase && stored != null && !silent.isEmpty() && nextFallback < fallbacks.size()) {
            // The silent primaries' versions go to fallbacks, which get one more timeout to answer
            // (whether or not the answer was already decided).
            hintPhase = true;
            settled.addAll(silent);
            silent.forEach(this::handOff);
            checkFailed();
            if (!finished()) {
                timer = scheduler.schedule(timeoutNanos, this::timeout);
            }
            return;
        }
        hintsInFlight.forEach((fallback, primary) ->
                failures.add(new ReplicaFailure(fallback, "hint for " + primary + ": no answer in time")));
        // The watch ends: answers still to come are ignored.
        hintsInFlight.clear();
        settled.addAll(silent);
        fail();
    }

    private void fail() {
        if (result.isDone()) {
            return;
        }
        metrics.quorumFailures.increment();
        if (primaryAcks.size() < quorum.pw()) {
            List<ReplicaFailure> primaries =
                    failures.stream().filter(f -> replicas.contains(f.node())).toList();
            result.completeExceptionally(
                    new QuorumNotMetException("write to primaries", quorum.pw(), primaryAcks.size(), primaries));
            return;
        }
        result.completeExceptionally(
                new QuorumNotMetException("write", quorum.w(), primaryAcks.size() + hintedAcks.size(), failures));
    }
}
