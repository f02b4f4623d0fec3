package io.ringkv.handoff;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import java.io.IOException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Where a fallback node takes hints: into its {@link HintLog}, unless the intended owner has been
 * down for longer than the hint window. Such a node is more likely gone than briefly away, and
 * hints for it would pile up; they are refused and counted as dropped (anti-entropy or a rebalance
 * brings the owner its data instead). The window bounds each hint's own age too: a hint stored
 * longer ago than the window (by its stored creation time, which survives restarts) has {@link
 * #expired} and is dropped when read.
 *
 * <p>The hints waiting for one owner are bounded too: once they take {@code maxBacklogBytes} on
 * disk, further hints for it are refused (counted as dropped, reason {@value HintLog#BACKLOG_FULL})
 * until a replay hands some over. The bound is checked before each hint, so it is passed by at most
 * the hints being stored at that moment.
 */
public final class HintWindow {
    /** Riak's and Cassandra's default: three hours. */
    public static final long DEFAULT_WINDOW_MILLIS = TimeUnit.HOURS.toMillis(3);
    /** Hint bytes kept for one owner at most, unless told otherwise: 1 GiB. */
    public static final long DEFAULT_MAX_BACKLOG_BYTES = 1L << 30;

    private final HintLog log;
    private final Clock clock;
    private final Function<String, Long> downSinceMillis;
    private final long windowMillis;
    private final long maxBacklogBytes;

    /** A window with the default backlog bound, {@link #DEFAULT_MAX_BACKLOG_BYTES}. */
    public HintWindow(HintLog log, Clock clock, Function<String, Long> downSinceMillis, long windowMillis) {
        this(log, clock, downSinceMillis, windowMillis, DEFAULT_MAX_BACKLOG_BYTES);
    }

    /**
     * @param downSinceMillis when a node was last seen going down (wall clock), or null when it is
     *     not known to be down
     * @param windowMillis how long a node may be down and still be sent hints
     * @param maxBacklogBytes hint bytes kept for one owner at most; past it its hints are refused
     */
    public HintWindow(
            HintLog log, Clock clock, Function<String, Long> downSinceMillis, long windowMillis, long maxBacklogBytes) {
        if (windowMillis < 0) {
            throw new IllegalArgumentException("hint window must not be negative: " + windowMillis);
        }
        if (maxBacklogBytes <= 0) {
            throw new IllegalArgumentException("hint backlog bound must be positive: " + maxBacklogBytes);
        }
        this.log = log;
        this.clock = clock;
        this.downSinceMillis = downSinceMillis;
        this.windowMillis = windowMillis;
        this.maxBacklogBytes = maxBacklogBytes;
    }

    /** A window of {@link #DEFAULT_WINDOW_MILLIS} with no knowledge of who is down: every hint is taken. */
    public static HintWindow unbounded(HintLog log, Clock clock) {
        return new HintWindow(log, clock, node -> null, DEFAULT_WINDOW_MILLIS);
    }

    public HintLog log() {
        return log;
    }

    /** Whether {@code node} has been down for longer than the window. */
    public boolean passed(String node) {
        Long since = downSinceMillis.apply(node);
        return since != null && clock.millis() - since > windowMillis;
    }

    /** Whether {@code hint} was stored longer ago than the window (wall clock, its stored creation time). */
    public boolean expired(Hint hint) {
        return clock.millis() - hint.createdAtMillis() > windowMillis;
    }

    /**
     * Stores versions of a key for {@code owner}, durably, and returns true; or returns false (and
     * counts a dropped hint) when the owner's window has passed or its hints already take {@code
     * maxBacklogBytes}.
     */
    public boolean offer(String owner, String bucket, byte[] key, VersionedObject object, ConflictResolution resolution)
            throws IOException {
        if (passed(owner)) {
            log.countDropped(HintLog.WINDOW, 1);
            return false;
        }
        if (log.pendingBytes(owner) >= maxBacklogBytes) {
            log.countDropped(HintLog.BACKLOG_FULL, 1);
            return false;
        }
        log.append(owner, new Hint(bucket, key, object, resolution, clock.millis()));
        return true;
    }
}
