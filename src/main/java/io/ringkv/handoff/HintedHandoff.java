package io.ringkv.handoff;

import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Hands hints to their owners once they are back: a pass goes through the targets with hints, drops
 * those that are no longer members or whose hint window has passed, and replays each up target's
 * hints as merges, one at a time and throttled to a rate in bytes per second. Hints older than the
 * window are dropped as they are read. A target's hints are deleted once each was acknowledged or
 * dropped.
 *
 * <p>One bad hint never stops the hints behind it: a hint that fails (an error, a {@code Failed}
 * or {@code Refused} answer, no answer in time) is passed over and the replay goes on with the
 * next. Two failures in a row end the target's replay — the owner, not the hint, is then at fault —
 * and leave its hints for a later pass. A failed hint is blamed when its owner acknowledged another
 * hint of the same replay; a hint blamed in {@link #MAX_REFUSALS} passes is dropped (anti-entropy
 * brings the owner the key). A replay with a failure keeps its files, so the next pass sends its
 * hints again (merging versions already held changes nothing).
 */
public final class HintedHandoff {
    /** How many passes may blame one hint before it is dropped. */
    public static final int MAX_REFUSALS = 3;

    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final HintWindow window;
    private final HintLog log;
    private final ReplicaTransport transport;
    private final Predicate<String> isUp;
    private final Predicate<String> isMember;
    /** Per target, how many passes blamed each of its failed hints (by {@link HintLog.Replay#current}). */
    private final Map<String, Map<String, Integer>> refusals = new ConcurrentHashMap<>();

    private final Scheduler scheduler;
    private final long bytesPerSecond;
    private final long answerTimeoutNanos;
    private CompletableFuture<Long> running;
    private Cancellable periodic;
    private volatile boolean stopped;

    /** A hand-off for which every target is a member of the ring. */
    public HintedHandoff(
            HintWindow window,
            ReplicaTransport transport,
            Predicate<String> isUp,
            Scheduler scheduler,
            long bytesPerSecond,
            long answerTimeoutNanos) {
        this(window, transport, isUp, node -> true, scheduler, bytesPerSecond, answerTimeoutNanos);
    }

    /**
     * @param isUp whether a target is up (hints go only to those)
     * @param isMember whether a target is still a member of the ring (not one that left): the
     *     hints of those that are not are dropped
     * @param bytesPerSecond the most hint bytes sent per second, 0 for no limit
     * @param answerTimeoutNanos how long to wait for an owner's answer to one hint before leaving
     *     its hints for a later pass
     */
    public HintedHandoff(
            HintWindow window,
            ReplicaTransport transport,
            Predicate<String> isUp,
            Predicate<String> isMember,
            Scheduler scheduler,
            long bytesPerSecond,
            long answerTimeoutNanos) {
        if (bytesPerSecond < 0) {
            throw new IllegalArgumentException("bytes per second must not be negative: " + bytesPerSecond);
        }
        this.window = window;
        this.log = window.log();
        this.transport = transport;
        this.isUp = isUp;
        this.isMember = isMember;
        this.scheduler = scheduler;
        this.bytesPerSecond = bytesPerSecond;
        this.answerTimeoutNanos = answerTimeoutNanos;
    }

    /** Runs a pass every {@code periodNanos}; a pass still running when the next is due is not doubled. */
    public synchronized void start(long periodNanos) {
        if (periodic == null && !stopped) {
            periodic = scheduler.scheduleAtFixedRate(periodNanos, this::handOff);
        }
    }

    /** Stops the periodic passes; a running pass stops before its next hint, its hints kept. */
    public synchronized void stop() {
        stopped = true;
        if (periodic != null) {
            periodic.cancel();
        }
    }

    /**
     * Starts a pass, or joins the one running. Completes with the number of hints this pass
     * delivered; never exceptionally (a failure leaves hints for the next pass).
     */
    public synchronized CompletableFuture<Long> handOff() {
        if (running != null && !running.isDone()) {
            return running;
        }
        Pass pass = new Pass(new ArrayDeque<>(log.targets()));
        running = pass.done;
        scheduler.execute(pass::nextTarget);
        return running;
    }

    /** How long to wait after sending {@code bytes} to stay within the rate. */
    private long pauseNanos(long bytes) {
        return bytesPerSecond == 0 ? 0 : bytes * NANOS_PER_SECOND / bytesPerSecond;
    }

    /** One pass over the targets, strictly sequential: at most one hint in flight. */
    private final class Pass {
        final Deque<String> targets;
        final CompletableFuture<Long> done = new CompletableFuture<>();
        long delivered;
        String target;
        HintLog.Replay replay;
        /** The target's hints acknowledged in this replay. */
        long deliveredInReplay;
        /** Whether a hint of this replay failed (its files are then kept). */
        boolean failedInReplay;
        /** The hint that failed last, not yet judged: blamed if the next one is acknowledged. */
        String pendingFailure;

        Pass(Deque<String> targets) {
            this.targets = targets;
        }

        void nextTarget() {
            while (true) {
                target = stopped ? null : targets.poll();
                if (target == null) {
                    done.complete(delivered);
                    return;
                }
                try {
                    if (!isMember.test(target)) {
                        log.drop(target, HintLog.LEFT);
                        refusals.remove(target);
                    } else if (window.passed(target)) {
                        log.drop(target, HintLog.WINDOW);
                        refusals.remove(target);
                    } else if (isUp.test(target)) {
                        replay = log.replay(target);
                        deliveredInReplay = 0;
                        failedInReplay = false;
                        pendingFailure = null;
                        sendNext();
                        return;
                    }
                } catch (IOException e) {
                    abandon();
                }
            }
        }

        void sendNext() {
            if (stopped) {
                abandon();
                nextTarget();
                return;
            }
            Hint hint;
            try {
                hint = replay.next();
                while (hint != null && discarded(hint)) {
                    hint = replay.next();
                }
                if (hint == null) {
                    finishReplay();
                }
            } catch (IOException e) {
                abandon();
                hint = null;
            }
            if (hint == null) {
                nextTarget();
                return;
            }
            String id = replay.current();
            long bytes = HintFormat.encode(hint).remaining();
            AtomicBoolean answered = new AtomicBoolean();
            Cancellable timeout = scheduler.schedule(answerTimeoutNanos, () -> {
                if (answered.compareAndSet(false, true)) {
                    failed(id);
                }
            });
            transport
                    .send(target, new ReplicaRequest.Merge(hint.bucket(), hint.key(), hint.object(), hint.resolution()))
                    .whenComplete((response, error) -> {
                        if (!answered.compareAndSet(false, true)) {
                            return;
                        }
                        timeout.cancel();
                        if (response instanceof ReplicaResponse.Versions) {
                            replay.delivered();
                            delivered++;
                            deliveredInReplay++;
                            if (pendingFailure != null) {
                                blame(pendingFailure);
                                pendingFailure = null;
                            }
                            scheduler.schedule(pauseNanos(bytes), this::sendNext);
                        } else {
                            scheduler.execute(() -> failed(id));
                        }
                    });
        }

        /** Whether {@code hint}, just read, is dropped rather than sent: too old, or given up. */
        boolean discarded(Hint hint) {
            if (window.expired(hint)) {
                replay.discard(HintLog.EXPIRED);
                return true;
            }
            Map<String, Integer> blamed = refusals.get(target);
            if (blamed != null && blamed.getOrDefault(replay.current(), 0) >= MAX_REFUSALS) {
                replay.discard(HintLog.REFUSED);
                return true;
            }
            return false;
        }

        /** The hint {@code id} failed: pass it over, unless the one before failed too. */
        void failed(String id) {
            failedInReplay = true;
            if (pendingFailure != null) {
                // Two in a row: the owner is unreachable or unwell, not the hints at fault.
                abandon();
                nextTarget();
                return;
            }
            pendingFailure = id;
            sendNext();
        }

        void blame(String id) {
            refusals.computeIfAbsent(target, k -> new ConcurrentHashMap<>()).merge(id, 1, Integer::sum);
        }

        /** Every hint was read: delete them all, unless one failed (then they stay for the next pass). */
        void finishReplay() throws IOException {
            if (pendingFailure != null && deliveredInReplay > 0) {
                blame(pendingFailure);
            }
            pendingFailure = null;
            HintLog.Replay finished = replay;
            replay = null;
            if (failedInReplay) {
                finished.close();
            } else {
                finished.complete();
                refusals.remove(target);
            }
        }

        /** Stops the current target's replay; its hints stay for a later pass. */
        void abandon() {
            pendingFailure = null;
            if (replay != null) {
                try {
                    replay.close();
                } catch (IOException ignored) {
                    // the hints are still on disk; the next pass reopens them
                }
                replay = null;
            }
        }
    }
}
