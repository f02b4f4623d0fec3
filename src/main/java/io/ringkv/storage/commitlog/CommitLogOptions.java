package io.ringkv.storage.commitlog;

import io.ringkv.storage.StorageOptions;
import java.util.Objects;

/**
 * Settings of one commit log, validated on construction.
 *
 * @param sync when appended records are forced and appends return
 * @param syncWindowNanos {@code batch}: how long a group's leader waits for more writers to join
 * @param syncPeriodNanos {@code periodic}: the interval between background forces
 * @param segmentBytes once the current segment holds this many bytes, the next append starts a new one
 */
public record CommitLogOptions(SyncPolicy sync, long syncWindowNanos, long syncPeriodNanos, long segmentBytes) {
    /** Smallest segment size accepted; far above the header so a segment always has room for records. */
    public static final long MIN_SEGMENT_BYTES = 4096;
    /** Largest segment size accepted, so that a segment plus one maximal record stays below 2 GiB. */
    public static final long MAX_SEGMENT_BYTES = 1L << 30;

    public CommitLogOptions {
        Objects.requireNonNull(sync, "sync");
        if (syncWindowNanos < 0) {
            throw new IllegalArgumentException("syncWindowNanos must be at least 0, was " + syncWindowNanos);
        }
        if (syncPeriodNanos < 1) {
            throw new IllegalArgumentException("syncPeriodNanos must be at least 1, was " + syncPeriodNanos);
        }
        if (segmentBytes < MIN_SEGMENT_BYTES || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("segmentBytes must be between " + MIN_SEGMENT_BYTES + " and "
                    + MAX_SEGMENT_BYTES + ", was " + segmentBytes);
        }
    }

    /** The commit log part of the engine's settings. */
    public static CommitLogOptions from(StorageOptions options) {
        return new CommitLogOptions(
                options.syncPolicy(),
                options.syncWindowMillis() * 1_000_000,
                options.syncPeriodMillis() * 1_000_000,
                options.segmentBytes());
    }
}
