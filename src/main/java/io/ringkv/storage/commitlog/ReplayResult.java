package io.ringkv.storage.commitlog;

/**
 * What a commit log replay found.
 *
 * @param lastSequence the highest sequence replayed; 0 when nothing was replayed
 * @param lastSegmentId the highest segment id found (replayed or discarded as empty), so the next
 *     segment to start is {@code lastSegmentId + 1}; {@code fromSegmentId - 1} when there was none
 * @param records records handed to the consumer
 * @param truncatedBytes bytes cut from a torn tail of the last segment (or an empty last segment removed)
 * @param salvagedRegions corrupt regions skipped because salvage was requested
 */
public record ReplayResult(
        long lastSequence, long lastSegmentId, long records, long truncatedBytes, int salvagedRegions) {}
