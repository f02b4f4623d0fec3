package io.ringkv.membership;

import io.ringkv.kv.EncodingException;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.ring.RingFile;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Holds this node's ring: installs a newer one (from gossip, from disk, computed from the seeds or
 * made by the claimant), keeps it in the ring file, refuses rings this node cannot use, and tells
 * its listeners of every ring it installs (in version order, never twice for one version): the
 * placement over the ring, the transfer engine.
 */
public final class RingKeeper implements RingHolder {
    private static final System.Logger LOG = System.getLogger(RingKeeper.class.getName());

    private final Partitioner partitioner;
    private final RingFile ringFile;
    private final List<Consumer<Ring>> listeners = new CopyOnWriteArrayList<>();
    private final Object lock = new Object();
    private volatile Ring ring;

    /**
     * @param ringFile where the ring is kept across restarts, or null to keep it in memory only
     */
    public RingKeeper(Partitioner partitioner, RingFile ringFile) {
        this.partitioner = partitioner;
        this.ringFile = ringFile;
    }

    /** The ring held, or null before there is one. */
    public Ring ring() {
        return ring;
    }

    public Partitioner partitioner() {
        return partitioner;
    }

    /**
     * Calls {@code listener} with every ring installed from now on (with the keeper's lock held: it
     * must not call back into the keeper or the gossiper).
     */
    public void subscribe(Consumer<Ring> listener) {
        listeners.add(listener);
    }

    /**
     * The ring kept in the ring file, or null when there is none (or no file).
     *
     * @throws IllegalStateException when it is damaged or does not fit this node's settings
     */
    public Ring readStored() {
        if (ringFile == null) {
            return null;
        }
        Ring stored;
        try {
            stored = ringFile.read();
        } catch (IOException | EncodingException e) {
            throw new IllegalStateException(
                    "the stored ring cannot be read (" + e.getMessage()
                            + "); move it away to have this node learn the ring from its seeds again",
                    e);
        }
        if (stored != null && unusable(stored) != null) {
            throw new IllegalStateException(
                    "the stored ring version " + stored.version() + " cannot be used: " + unusable(stored));
        }
        return stored;
    }

    @Override
    public String unusable(Ring ring) {
        if (ring.partitions() != partitioner.partitions()) {
            return "it has " + ring.partitions() + " partitions and this node's ringkv.ring.partitions is "
                    + partitioner.partitions() + " (fixed for the life of the data)";
        }
        return null;
    }

    /** A newer ring from gossip: placement moves to it, and it is kept on disk. */
    @Override
    public void adopted(Ring ring) {
        install(ring, /* persist= */ true);
    }

    /**
     * Moves placement to {@code ring} when it is newer than the one held (and usable); stores it if
     * asked. Returns whether it was installed.
     */
    public boolean install(Ring ring, boolean persist) {
        synchronized (lock) {
            Ring current = ring();
            if (current != null && ring.version() <= current.version()) {
                return false;
            }
            return put(ring, persist);
        }
    }

    /**
     * Installs {@code next} only if the ring held is still version {@code expectedVersion}: the
     * claimant's compare-and-set. Returns whether it was installed.
     */
    public boolean replace(long expectedVersion, Ring next) {
        synchronized (lock) {
            Ring current = ring();
            if (current == null || current.version() != expectedVersion || next.version() <= expectedVersion) {
                return false;
            }
            return put(next, true);
        }
    }

    private boolean put(Ring ring, boolean persist) {
        String why = unusable(ring);
        if (why != null) {
            LOG.log(System.Logger.Level.WARNING, "not installing ring version " + ring.version() + ": " + why);
            return false;
        }
        if (persist && ringFile != null) {
            try {
                ringFile.write(ring);
            } catch (IOException e) {
                // Served from memory all the same; a restart would start from the older stored ring.
                LOG.log(System.Logger.Level.WARNING, "could not store ring version " + ring.version() + ": " + e);
            }
        }
        this.ring = ring;
        LOG.log(
                System.Logger.Level.INFO,
                "ring version " + ring.version() + " of " + ring.partitions() + " partitions over "
                        + ring.members().stream().map(NodeInfo::id).toList()
                        + (ring.stable() ? "" : " (" + ring.transition() + ")"));
        for (Consumer<Ring> listener : listeners) {
            listener.accept(ring);
        }
        return true;
    }
}
