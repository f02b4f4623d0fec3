package io.ringkv.storage.commitlog;

import io.ringkv.port.FileIO;
import io.ringkv.storage.CorruptionException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads the segments of a commit log back, oldest first, and decides what a damaged byte means: a
 * torn tail of the last segment is the normal trace of a crash and is cut off; damage with valid
 * records after it, or in a sealed segment, is corruption, fatal unless salvage was asked for.
 */
final class Replayer {
    private final FileIO io;
    private final Path dir;
    private final boolean salvage;
    private final CommitLogMetrics metrics;
    private final ReplayConsumer consumer;

    private long lastSequence;
    private long lastSegmentId;
    private long records;
    private long truncatedBytes;
    private int salvagedRegions;

    Replayer(FileIO io, Path dir, boolean salvage, CommitLogMetrics metrics, ReplayConsumer consumer) {
        this.io = io;
        this.dir = dir;
        this.salvage = salvage;
        this.metrics = metrics;
        this.consumer = consumer;
    }

    ReplayResult replay(long fromSegmentId) throws IOException {
        lastSegmentId = fromSegmentId - 1;
        List<Long> ids = SegmentNames.list(io, dir, fromSegmentId);
        for (int i = 0; i < ids.size(); i++) {
            long id = ids.get(i);
            replaySegment(id, /* last= */ i == ids.size() - 1);
            lastSegmentId = id;
        }
        return new ReplayResult(lastSequence, lastSegmentId, records, truncatedBytes, salvagedRegions);
    }

    private void replaySegment(long segmentId, boolean last) throws IOException {
        Path file = SegmentNames.path(dir, segmentId);
        byte[] data = readAll(file);
        int size = data.length;
        if (size < SegmentHeader.SIZE || allZero(data)) {
            if (!last) {
                throw corrupt(file, 0, "header missing or zero in a segment that is not the last", null);
            }
            // A crash right after the segment was created: nothing in it was ever acknowledged.
            io.delete(file);
            io.forceDirectory(dir);
            discardTail(size);
            return;
        }
        long headerId;
        try {
            headerId = SegmentHeader.decode(data, 0, size);
        } catch (CorruptionException e) {
            throw corrupt(file, 0, e.getMessage(), e);
        }
        if (headerId != segmentId) {
            throw corrupt(file, 0, "header names segment " + headerId, null);
        }
        int at = SegmentHeader.SIZE;
        while (at < size) {
            RecordDecoder.Decoded record;
            try {
                record = RecordDecoder.decode(data, at, size);
            } catch (CorruptionException damage) {
                int next = findNextRecord(data, at + 1, size);
                if (next < 0 && last) {
                    // A torn or zero-filled tail: the write that was in flight when the node died.
                    io.truncate(file, at);
                    discardTail(size - at);
                    return;
                }
                String where = next >= 0
                        ? "valid records follow at offset " + next
                        : "in segment " + segmentId + ", which is not the last";
                skipDamage(file, at, damage.getMessage() + "; " + where, damage);
                if (next < 0) {
                    return;
                }
                at = next;
                continue;
            }
            if (record.firstSequence() <= lastSequence) {
                // Whole and checksummed, yet out of order: not a torn write, so never cut off silently.
                skipDamage(
                        file,
                        at,
                        "record starts at sequence " + record.firstSequence() + ", not above the previous "
                                + lastSequence,
                        null);
            } else {
                consumer.accept(segmentId, record.entries());
                lastSequence = record.lastSequence();
                records++;
            }
            at += record.frameLength();
        }
    }

    /** Throws for damage in the middle of the log, or, when salvaging, counts it and carries on. */
    private void skipDamage(Path file, int offset, String what, CorruptionException cause) throws CorruptionException {
        if (!salvage) {
            throw corrupt(file, offset, what, cause);
        }
        salvagedRegions++;
        metrics.salvagedRegions.increment();
    }

    /** The first offset from {@code from} on where a whole, decodable record starts, or -1. */
    private static int findNextRecord(byte[] data, int from, int size) {
        for (int at = from; at <= size - RecordFormat.FRAME_HEADER; at++) {
            if (RecordDecoder.looksLikeRecord(data, at, size)) {
                try {
                    RecordDecoder.decode(data, at, size);
                    return at;
                } catch (CorruptionException e) {
                    // A checksum can match by chance; keep looking.
                }
            }
        }
        return -1;
    }

    private byte[] readAll(Path file) throws IOException {
        try (FileIO.ReadableFile in = io.openForRead(file)) {
            long size = in.size();
            if (size > CommitLogOptions.MAX_SEGMENT_BYTES + RecordFormat.FRAME_HEADER + RecordFormat.MAX_PAYLOAD) {
                throw corrupt(file, 0, "segment of " + size + " bytes is larger than any segment written", null);
            }
            byte[] data = new byte[(int) size];
            in.readFully(0, ByteBuffer.wrap(data));
            return data;
        }
    }

    private void discardTail(long bytes) {
        truncatedBytes += bytes;
        metrics.truncatedBytes.increment(bytes);
    }

    private static boolean allZero(byte[] data) {
        for (byte b : data) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static CorruptionException corrupt(Path file, long offset, String what, Throwable cause) {
        return new CorruptionException(
                "commit log segment " + file + " is corrupt at byte offset " + offset + ": " + what, cause);
    }
}
