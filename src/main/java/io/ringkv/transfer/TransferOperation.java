package io.ringkv.transfer;

import io.ringkv.port.Clock;
import java.util.List;

/**
 * The progress of one transfer: shown at {@code GET /v1/admin/operations} beside repairs. Thread-safe.
 */
public final class TransferOperation {
    /** Where a transfer is. A transfer does not fail for good: it retries, its last error shown. */
    public enum State {
        PENDING,
        RUNNING,
        DONE,
        CANCELLED
    }

    /**
     * What a transfer shows.
     *
     * @param sourcesDone sources read to the end (1 of 1 for a move; a rebuild reads each)
     * @param keys objects received and merged
     * @param bytes their bytes (storage keys and encoded objects)
     * @param estimatedBytes the first source's estimate of the range's bytes (0 unknown)
     * @param bytesPerSecond bytes received per second of its run so far
     * @param etaSeconds time left at that rate by the estimate, or -1 when unknown
     * @param attempts runs started (more than one after failures)
     * @param startedAtMillis wall clock at its first request (0 while pending)
     * @param finishedAtMillis wall clock when it ended (0 until then)
     * @param error the last failure, or null
     */
    public record View(
            String id,
            long startVersion,
            int range,
            List<String> sources,
            boolean rebuild,
            State state,
            int sourcesDone,
            long keys,
            long bytes,
            long chunks,
            long estimatedBytes,
            double bytesPerSecond,
            double etaSeconds,
            int attempts,
            long startedAtMillis,
            long finishedAtMillis,
            String error) {}

    private final TransferJob job;
    private final Clock clock;
    private State state = State.PENDING;
    private int sourcesDone;
    private long keys;
    private long bytes;
    private long chunks;
    private long estimatedBytes;
    private int attempts;
    private long startedAtMillis;
    private long startedAtNanos;
    private long finishedAtMillis;
    private long finishedAtNanos;
    private String error;

    TransferOperation(TransferJob job, Clock clock) {
        this.job = job;
        this.clock = clock;
    }

    public TransferJob job() {
        return job;
    }

    synchronized void attempt() {
        attempts++;
        if (state == State.PENDING) {
            state = State.RUNNING;
            startedAtMillis = clock.millis();
            startedAtNanos = clock.nanos();
        }
    }

    synchronized void chunk(int entries, long chunkBytes, long estimate) {
        chunks++;
        keys += entries;
        bytes += chunkBytes;
        if (estimate > 0 && estimatedBytes == 0) {
            estimatedBytes = estimate;
        }
    }

    synchronized void sourceDone() {
        sourcesDone++;
    }

    synchronized void failed(String why) {
        error = why;
    }

    synchronized void finished(State end) {
        state = end;
        finishedAtMillis = clock.millis();
        finishedAtNanos = clock.nanos();
    }

    public synchronized State state() {
        return state;
    }

    public synchronized View view() {
        double rate = 0;
        if (startedAtNanos != 0 || state != State.PENDING) {
            long until = finishedAtNanos != 0 ? finishedAtNanos : clock.nanos();
            double seconds = (until - startedAtNanos) / 1e9;
            rate = seconds > 0 ? bytes / seconds : 0;
        }
        double eta = -1;
        if (state == State.DONE) {
            eta = 0;
        } else if (estimatedBytes > 0 && rate > 0) {
            eta = Math.max(0, estimatedBytes - bytes) / rate;
        }
        return new View(
                job.id(),
                job.startVersion(),
                job.range(),
                job.sources(),
                job.rebuild(),
                state,
                sourcesDone,
                keys,
                bytes,
                chunks,
                estimatedBytes,
                rate,
                eta,
                attempts,
                startedAtMillis,
                finishedAtMillis,
                error);
    }
}
