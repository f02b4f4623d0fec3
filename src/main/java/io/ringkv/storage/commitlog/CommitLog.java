package io.ringkv.storage.commitlog;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Clock;
import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import io.ringkv.storage.Entry;
import io.ringkv.storage.StorageFailedException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The write-ahead log: every batch becomes one checksummed record in the current segment before the
 * write is acknowledged. Concurrent writers share writes and fsyncs (group commit): each encodes its
 * record into a pending buffer, then the first to take the sync lock writes and forces everything
 * pending for all of them. See docs/storage-commitlog.md.
 */
public final class CommitLog implements AutoCloseable {
    private final FileIO io;
    private final Path dir;
    private final CommitLogOptions options;
    private final Clock clock;
    private final CommitLogMetrics metrics;
    /** Lock order: syncLock before appendLock. */
    private final ReentrantLock syncLock = new ReentrantLock();

    private final ReentrantLock appendLock = new ReentrantLock();
    private final GroupCommit groupCommit = new GroupCommit(() -> this.durableEnd, this::throwIfFailed);
    // Guarded by appendLock: sequence assignment and encoding happen here, so log order is sequence order.
    private RecordBuffer pending = new RecordBuffer();
    private long nextSequence;
    private long appendedEnd;
    private long appendedRecords;
    private long segmentLength;

    // Guarded by syncLock (and appendLock as well where noted).
    private RecordBuffer spare = new RecordBuffer();
    private SegmentWriter segment; // replaced under both locks
    private long writtenRecords;
    private long durableRecords;

    // Positions count record bytes appended over the log's life, across segments.
    private volatile long writtenEnd;
    private volatile long durableEnd;
    private volatile long lastSequence;
    private volatile long currentSegmentId;
    private volatile boolean closed;
    private volatile StorageFailedException failure;
    private final Cancellable periodicSync;

    private CommitLog(
            FileIO io,
            Path dir,
            SegmentWriter segment,
            long nextSequence,
            CommitLogOptions options,
            Clock clock,
            Scheduler scheduler,
            CommitLogMetrics metrics) {
        this.io = io;
        this.dir = dir;
        this.segment = segment;
        this.currentSegmentId = segment.id();
        this.segmentLength = SegmentHeader.SIZE;
        this.nextSequence = nextSequence;
        this.lastSequence = nextSequence - 1;
        this.options = options;
        this.clock = clock;
        this.metrics = metrics;
        this.periodicSync = options.sync() == SyncPolicy.PERIODIC
                ? scheduler.scheduleAtFixedRate(options.syncPeriodNanos(), this::periodicSync)
                : null;
    }

    /**
     * Replays segments with id >= fromSegmentId found in dir, oldest first, handing each record's
     * entries (sequence numbers assigned) to the consumer in log order. A torn tail of the last
     * segment is truncated; damage elsewhere throws {@link io.ringkv.storage.CorruptionException}
     * unless {@code salvage} is set, in which case the damaged region is skipped.
     */
    public static ReplayResult replay(
            FileIO io, Path dir, long fromSegmentId, boolean salvage, Metrics metrics, ReplayConsumer consumer)
            throws IOException {
        return new Replayer(io, dir, salvage, new CommitLogMetrics(metrics), consumer).replay(fromSegmentId);
    }

    /**
     * Starts writing a new segment {@code segmentId} (neither it nor a later one may exist yet); the
     * next record gets sequence {@code nextSequence}.
     */
    public static CommitLog start(
            FileIO io,
            Path dir,
            long segmentId,
            long nextSequence,
            CommitLogOptions options,
            Clock clock,
            Scheduler scheduler,
            Metrics metrics)
            throws IOException {
        Objects.requireNonNull(options, "options");
        if (segmentId < 0) {
            throw new IllegalArgumentException("segmentId must not be negative, was " + segmentId);
        }
        if (nextSequence < 1) {
            throw new IllegalArgumentException("nextSequence must be at least 1, was " + nextSequence);
        }
        io.createDirectories(dir);
        List<Long> existing = SegmentNames.list(io, dir, segmentId);
        if (!existing.isEmpty()) {
            throw new IOException("cannot start commit log segment " + segmentId + " in " + dir + ": segment "
                    + existing.get(existing.size() - 1) + " already exists");
        }
        SegmentWriter segment = SegmentWriter.create(io, dir, segmentId);
        return new CommitLog(io, dir, segment, nextSequence, options, clock, scheduler, new CommitLogMetrics(metrics));
    }

    /**
     * Appends the entries as one record (an atomic batch), assigning them sequences first..first+n-1;
     * returns first. Returns only once the record is durable per the sync policy.
     *
     * @throws StorageFailedException if this or an earlier write or force failed
     */
    public long append(List<Entry> entries) throws IOException {
        int payloadSize = RecordFormat.payloadSize(entries);
        long first;
        long end;
        int frameBytes;
        while (true) {
            appendLock.lock();
            try {
                ensureUsable();
                if (segmentLength < options.segmentBytes()) {
                    first = nextSequence;
                    frameBytes = pending.appendRecord(first, entries, payloadSize);
                    nextSequence = first + entries.size();
                    lastSequence = nextSequence - 1;
                    segmentLength += frameBytes;
                    appendedEnd += frameBytes;
                    appendedRecords++;
                    end = appendedEnd;
                    break;
                }
            } finally {
                appendLock.unlock();
            }
            rollIfFull();
        }
        metrics.records.increment();
        metrics.bytes.increment(frameBytes);
        switch (options.sync()) {
            case ALWAYS, BATCH -> awaitDurable(end);
            case PERIODIC, NONE -> awaitWritten(end);
        }
        return first;
    }

    public long currentSegmentId() {
        return currentSegmentId;
    }

    /** Highest sequence assigned so far. */
    public long lastSequence() {
        return lastSequence;
    }

    /** Seals the current segment (writes out and forces it) and starts the next; returns the new segment id. */
    public long roll() throws IOException {
        return underBothLocks(() -> {
            ensureUsable();
            rollLocked();
            return currentSegmentId;
        });
    }

    /** Deletes the segments with id below {@code segmentId} (their data is in SSTables), forcing the directory. */
    public void deleteSegmentsBefore(long segmentId) throws IOException {
        if (segmentId > currentSegmentId) {
            throw new IllegalArgumentException(
                    "cannot delete segments before " + segmentId + ": the current segment is " + currentSegmentId);
        }
        deleteSegmentsBefore(io, dir, segmentId);
    }

    /**
     * Deletes the segments in {@code dir} with id < {@code segmentId}, forcing the directory; for
     * use before a log is started, once a manifest says their data is elsewhere.
     */
    public static void deleteSegmentsBefore(FileIO io, Path dir, long segmentId) throws IOException {
        boolean deleted = false;
        for (long id : SegmentNames.list(io, dir, 0)) {
            if (id < segmentId) {
                io.delete(SegmentNames.path(dir, id));
                deleted = true;
            }
        }
        if (deleted) {
            io.forceDirectory(dir);
        }
    }

    /** Writes and forces what is pending (unless the log failed) and closes the segment. */
    @Override
    public void close() throws IOException {
        underBothLocks(() -> {
            if (closed) {
                return null;
            }
            closed = true;
            if (periodicSync != null) {
                periodicSync.cancel();
            }
            try {
                if (failure == null) {
                    writePending();
                    forceWritten();
                }
            } finally {
                segment.close();
            }
            return null;
        });
    }

    /** ALWAYS and BATCH: returns once a force covered {@code end}; see {@link GroupCommit}. */
    private void awaitDurable(long end) throws IOException {
        groupCommit.awaitDurable(end, () -> {
            syncLock.lock();
            try {
                if (durableEnd < end) {
                    throwIfFailed();
                    if (options.sync() == SyncPolicy.BATCH && options.syncWindowNanos() > 0) {
                        awaitMoreWriters();
                    }
                    writePending();
                    forceWritten();
                }
            } finally {
                syncLock.unlock();
            }
        });
    }

    /** PERIODIC and NONE: returns once {@code end} was handed to the file system. */
    private void awaitWritten(long end) throws IOException {
        if (writtenEnd >= end) {
            return;
        }
        syncLock.lock();
        try {
            if (writtenEnd >= end) {
                return;
            }
            throwIfFailed();
            writePending();
        } finally {
            syncLock.unlock();
        }
    }

    private void awaitMoreWriters() {
        try {
            clock.park(options.syncWindowNanos());
        } catch (InterruptedException e) {
            // Sync now rather than lose the interrupt or the record.
            Thread.currentThread().interrupt();
        }
    }

    /** Holding syncLock: writes every pending record to the segment with one append. */
    private void writePending() throws IOException {
        RecordBuffer out;
        long target;
        long targetRecords;
        appendLock.lock();
        try {
            out = pending;
            pending = spare;
            spare = out;
            target = appendedEnd;
            targetRecords = appendedRecords;
        } finally {
            appendLock.unlock();
        }
        if (out.isEmpty()) {
            return;
        }
        try {
            segment.write(out);
        } catch (IOException e) {
            throw fail(e);
        } finally {
            out.clear();
        }
        writtenRecords = targetRecords;
        writtenEnd = target;
    }

    /** Holding syncLock: forces the segment if anything written is not yet durable. */
    private void forceWritten() throws IOException {
        long target = writtenEnd;
        if (durableEnd >= target) {
            return;
        }
        long started = clock.nanos();
        try {
            segment.force();
        } catch (IOException e) {
            throw fail(e);
        }
        metrics.fsyncs.recordNanos(clock.nanos() - started);
        metrics.groupSize.increment(writtenRecords - durableRecords);
        durableRecords = writtenRecords;
        durableEnd = target;
    }

    private void periodicSync() {
        syncLock.lock();
        try {
            if (!closed && failure == null) {
                writePending();
                forceWritten();
            }
        } catch (IOException e) {
            // The log is now failed; the next append reports it to its writer.
        } finally {
            syncLock.unlock();
        }
    }

    private void rollIfFull() throws IOException {
        underBothLocks(() -> {
            ensureUsable();
            if (segmentLength >= options.segmentBytes()) {
                rollLocked();
            }
            return null;
        });
    }

    /** Runs {@code action} holding syncLock and appendLock, so no record is being encoded or written. */
    private <T> T underBothLocks(LockedAction<T> action) throws IOException {
        syncLock.lock();
        try {
            appendLock.lock();
            try {
                return action.run();
            } finally {
                appendLock.unlock();
            }
        } finally {
            syncLock.unlock();
        }
    }

    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    /** Holding both locks: seals the current segment and opens the next. */
    private void rollLocked() throws IOException {
        writePending();
        forceWritten();
        try {
            segment.close();
        } catch (IOException e) {
            throw fail(e);
        }
        long id = segment.id() + 1;
        try {
            segment = SegmentWriter.create(io, dir, id);
        } catch (IOException e) {
            throw fail(SegmentNames.path(dir, id), e);
        }
        currentSegmentId = id;
        segmentLength = SegmentHeader.SIZE;
    }

    private void ensureUsable() throws IOException {
        if (closed) {
            throw new IllegalStateException("commit log in " + dir + " is closed");
        }
        throwIfFailed();
    }

    private void throwIfFailed() throws StorageFailedException {
        StorageFailedException f = failure;
        if (f != null) {
            // A fresh exception per caller, so each stack trace shows its own write.
            throw new StorageFailedException(f.getMessage(), f.getCause());
        }
    }

    private StorageFailedException fail(IOException cause) {
        return fail(segment.path(), cause);
    }

    /** Holding syncLock: enters the failed state for good; a failed fsync is never retried. */
    private StorageFailedException fail(Path file, IOException cause) {
        if (failure == null) {
            failure = new StorageFailedException(
                    "commit log stopped after an I/O error on " + file + ": " + cause + "; restart to recover", cause);
            metrics.failures.increment();
        }
        return failure;
    }
}
