package io.ringkv.repair;

import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.replica.PurgeHorizons;
import io.ringkv.replica.StorageKeys;
import io.ringkv.storage.compaction.PurgeGate;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When a deletion may be purged, tied to repair as Cassandra ties {@code gc_grace} to it. The
 * horizon of a partition is
 *
 * <pre>
 *   min(repaired-through(partition), now − grace) − clock skew allowance
 * </pre>
 *
 * where repaired-through is the durable {@link RepairLedger} time (the start of the latest repair
 * that exchanged the partition with every other replica of it). A replica's tombstone — an object
 * whose every version is a deletion — whose every version is timestamped before the horizon is
 * purged: every replica held it when that repair started (so each now holds it or something newer),
 * and its grace period has passed. Compaction drops it ({@link PurgeGate}), anti-entropy's trees
 * leave it out, and merges drop versions older than the horizon that the replica does not hold
 * ({@link PurgeHorizons}), so a hint, a repair or a read repair carrying a value the tombstone had
 * superseded cannot bring it back once the tombstone is gone.
 *
 * <p>A partition never fully repaired has no horizon: nothing of it is purged, and tombstones wait
 * (counted in {@code ringkv.repair.tombstones.held} when their grace has passed).
 */
public final class PurgeHorizon implements PurgeGate, PurgeHorizons {
    private final RepairLedger ledger;
    private final Clock clock;
    private final long graceMillis;
    private final long skewMillis;
    private final Map<Integer, Long> highest = new ConcurrentHashMap<>();
    private final Metrics.Counter purged;
    private final Metrics.Counter held;

    /**
     * @param graceMillis how long a deletion is kept at least ({@code ringkv.storage.tombstone-grace})
     * @param skewMillis the most two nodes' clocks may differ by, plus the longest a write takes to
     *     reach its replicas ({@code ringkv.repair.clock-skew-allowance})
     */
    public PurgeHorizon(RepairLedger ledger, Clock clock, long graceMillis, long skewMillis, Metrics metrics) {
        if (graceMillis < 0 || skewMillis < 0) {
            throw new IllegalArgumentException("grace and skew allowance must not be negative");
        }
        this.ledger = ledger;
        this.clock = clock;
        this.graceMillis = graceMillis;
        this.skewMillis = skewMillis;
        this.purged = metrics.counter("ringkv.repair.tombstones.purged");
        this.held = metrics.counter("ringkv.repair.tombstones.held");
    }

    public RepairLedger ledger() {
        return ledger;
    }

    @Override
    public long horizonMillis(int partition) {
        long through = ledger.repairedThrough(partition);
        if (through == RepairLedger.NEVER) {
            return PurgeHorizons.NONE;
        }
        long horizon = Math.min(through, clock.millis() - graceMillis) - skewMillis;
        // Never lower than a horizon already used, should the wall clock step back.
        return highest.merge(partition, horizon, Math::max);
    }

    /** Whether {@code object} is a tombstone purged at {@code horizon}: it counts as absent. */
    public static boolean isPurged(VersionedObject object, long horizon) {
        if (horizon == PurgeHorizons.NONE || object.isEmpty()) {
            return false;
        }
        for (Sibling s : object.siblings()) {
            if (!s.deleted() || Hlc.physicalMillis(s.timestamp()) >= horizon) {
                return false;
            }
        }
        return true;
    }

    /**
     * The time the horizon must pass for the tombstone {@code object} to be purged: its latest
     * version's; {@link Long#MAX_VALUE} when it is not a tombstone.
     */
    static long purgedAfter(VersionedObject object) {
        if (object.isEmpty()) {
            return Long.MAX_VALUE;
        }
        long latest = Long.MIN_VALUE;
        for (Sibling s : object.siblings()) {
            if (!s.deleted()) {
                return Long.MAX_VALUE;
            }
            latest = Math.max(latest, Hlc.physicalMillis(s.timestamp()));
        }
        return latest;
    }

    @Override
    public boolean purgeable(byte[] key, byte[] value, long nowMillis) {
        if (!StorageKeys.isObject(key)) {
            return false;
        }
        long horizon = horizonMillis(StorageKeys.partitionOf(key));
        VersionedObject object;
        try {
            object = ObjectCodec.decode(value);
        } catch (EncodingException | RuntimeException e) {
            return false; // not ours to judge: kept
        }
        if (isPurged(object, horizon)) {
            purged.increment();
            return true;
        }
        long after = purgedAfter(object);
        if (after != Long.MAX_VALUE && after < clock.millis() - graceMillis - skewMillis) {
            held.increment(); // its grace has passed; a repair of its partition has not
        }
        return false;
    }
}
