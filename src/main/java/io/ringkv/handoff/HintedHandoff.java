package io.ringkv.handoff;

import io.ringkv.port.Cancellable;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.port.Scheduler;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;

/**
 * Hands hints to their owners once they are back: a pass goes through the targets with hints, drops
 * those whose hint window has passed, and replays each up target's hints as merges, one at a time
 * and throttled to a rate in bytes per second. A target's hints are deleted once all were
 * acknowledged; the first failure stops that target's replay and leaves its hints for a later pass.
 */
public final class HintedHandoff {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;

    private final HintWindow window;
    private final HintLog log;
    private final ReplicaTransport transport;
    private final Predicate<String> isUp;
    private final Scheduler scheduler;
    private final long bytesPerSecond;
    private final long answerTimeoutNanos;
    private CompletableFuture<Long> running;
    private Cancellable periodic;
    private volatile boolean stopped;

    /**
     * @param isUp whether a target is up (hints go only to those)
     * @param bytesPerSecond the most hint bytes sent per second, 0 for no limit
     * @param answerTimeoutNanos how long to wait for an owner's answer to one hint before leaving
     *     its hints for a later pass
     */
    public HintedHandoff(
            HintWindow window,
            ReplicaTransport transport,
            Predicate<String> isUp,
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
                    if (window.passed(target)) {
                        log.drop(target);
                    } else if (isUp.test(target)) {
                        replay = log.replay(target);
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
                if (hint == null) {
                    replay.complete();
                    replay = null;
                }
            } catch (IOException e) {
                abandon();
                hint = null;
            }
            if (hint == null) {
                nextTarget();
                return;
            }
            long bytes = HintFormat.encode(hint).remaining();
            AtomicBoolean answered = new AtomicBoolean();
            Cancellable timeout = scheduler.schedule(answerTimeoutNanos, () -> {
                if (answered.compareAndSet(false, true)) {
                    abandon();
                    nextTarget();
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
                            scheduler.schedule(pauseNanos(bytes), this::sendNext);
                        } else {
                            abandon();
                            scheduler.execute(this::nextTarget);
                        }
                    });
        }

        /** Stops the current target's replay; its hints stay for a later pass. */
        void abandon() {
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
