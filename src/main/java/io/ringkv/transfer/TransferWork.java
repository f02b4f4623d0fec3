package io.ringkv.transfer;

import io.ringkv.port.Cancellable;
import io.ringkv.port.Scheduler;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.io.IOException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * Puts a node's ring to work on its transfers, every period: the ranges the ring's transition sends
 * this node are offered to the {@link TransferScheduler} once every UP member has the transition
 * (none while the ring is stable, which cancels any still running); each received range is reported
 * through {@link TransferReports}, and reported again every {@link #REPORT_AGAIN_NANOS} until the
 * ring shows it done; the ranges this node no longer replicates are dropped by the {@link
 * RangeDropper} once {@link TransferDuties#drops} allows; and once per stable ring that every
 * member holds, whatever it still stores of ranges it does not replicate ({@link
 * TransferDuties#strays}). See docs/transfer.md.
 */
public final class TransferWork implements AutoCloseable {
    /** A report not yet seen in the ring is sent again after this long. */
    static final long REPORT_AGAIN_NANOS = 10_000_000_000L;

    private static final System.Logger LOG = System.getLogger(TransferWork.class.getName());

    private final String self;
    private final Supplier<Ring> ring;
    private final Supplier<TransferDuties.Announced> announced;
    private final IntSupplier maxN;
    private final TransferScheduler transfers;
    private final RangeDropper dropper;
    private final TransferReports reports;
    private final Scheduler scheduler;
    private final LongSupplier nanos;
    private final long startDelayNanos;

    private final Map<String, Transfer> transferOf = new HashMap<>();
    private final Map<String, Long> reportedAt = new HashMap<>();
    private final Set<Integer> dropped = new HashSet<>();
    private Ring transitionRing;
    /** The transition start whose transfers may start, and since when (every UP member holds it). */
    private long readyStartVersion = -1;

    private long readySinceNanos;
    /** The stable ring version whose stray ranges were last deleted; -1 for none yet. */
    private long cleanedVersion = -1;

    private Cancellable task;

    /**
     * @param ring this node's ring now, or null before it has one
     * @param announced the ring versions the UP members announce (this node's included)
     * @param maxN the longest preference list a bucket has
     * @param transfers given a completion callback, the scheduler of this node's transfers
     * @param startDelayNanos how long after every UP member holds a transition this node starts
     *     receiving: the longest a write coordinated under the ring before (so not sent to this
     *     node) may still be on its way to the range's source; the request timeout
     */
    public TransferWork(
            String self,
            Supplier<Ring> ring,
            Supplier<TransferDuties.Announced> announced,
            IntSupplier maxN,
            Function<TransferScheduler.Completion, TransferScheduler> transfers,
            RangeDropper dropper,
            TransferReports reports,
            Scheduler scheduler,
            LongSupplier nanos,
            long startDelayNanos) {
        this.startDelayNanos = startDelayNanos;
        this.self = self;
        this.ring = ring;
        this.announced = announced;
        this.maxN = maxN;
        this.transfers = transfers.apply(this::completed);
        this.dropper = dropper;
        this.reports = reports;
        this.scheduler = scheduler;
        this.nanos = nanos;
    }

    public TransferScheduler transfers() {
        return transfers;
    }

    /** Checks the ring every {@code periodNanos}. */
    public synchronized void start(long periodNanos) {
        task = scheduler.scheduleAtFixedRate(periodNanos, () -> {
            try {
                check();
            } catch (IOException | RuntimeException e) {
                LOG.log(System.Logger.Level.WARNING, "transfer check failed: " + e.getMessage());
            }
        });
    }

    /** One look at the ring: offers, reports again, drops. */
    public void check() throws IOException {
        Ring current = ring.get();
        if (current == null) {
            return;
        }
        TransferDuties.Announced versions = announced.get();
        List<Integer> drops;
        Optional<List<Integer>> strays = Optional.empty();
        synchronized (this) {
            if (current.transition() != null
                    && (transitionRing == null || current.version() >= transitionRing.version())) {
                if (transitionRing == null
                        || transitionRing.transition().startVersion()
                                != current.transition().startVersion()) {
                    dropped.clear();
                }
                transitionRing = current;
            }
            if (current.transition() == null) {
                transfers.offer(List.of());
            } else {
                Map<TransferJob, Transfer> incoming = TransferDuties.incoming(current, self, versions);
                long now = nanos.getAsLong();
                if (!incoming.isEmpty()
                        && readyStartVersion != current.transition().startVersion()) {
                    readyStartVersion = current.transition().startVersion();
                    readySinceNanos = now;
                }
                if (!incoming.isEmpty() && now - readySinceNanos >= startDelayNanos) {
                    for (var e : incoming.entrySet()) {
                        transferOf.put(e.getKey().id(), e.getValue());
                    }
                    transfers.offer(List.copyOf(incoming.keySet()));
                    for (var e : incoming.entrySet()) {
                        Long at = reportedAt.get(e.getKey().id());
                        if (transfers.isCompleted(e.getKey()) && (at == null || now - at >= REPORT_AGAIN_NANOS)) {
                            report(e.getKey());
                        }
                    }
                }
            }
            drops = transitionRing == null
                    ? List.of()
                    : TransferDuties.drops(transitionRing, current, self, maxN.getAsInt(), versions).stream()
                            .filter(r -> !dropped.contains(r))
                            .toList();
            if (current.stable() && current.version() != cleanedVersion) {
                strays = TransferDuties.strays(current, self, maxN.getAsInt(), versions);
            }
        }
        if (!drops.isEmpty()) {
            Map<Integer, Long> deleted = dropper.dropAll(drops);
            synchronized (this) {
                dropped.addAll(drops);
            }
            for (var e : deleted.entrySet()) {
                LOG.log(
                        System.Logger.Level.INFO,
                        "range {0} dropped ({1} objects): this node no longer replicates it",
                        e.getKey(),
                        e.getValue());
            }
        }
        if (strays.isPresent()) {
            cleanUp(current, strays.get());
        }
    }

    /**
     * Deletes what this node stores of the ranges it does not replicate in {@code ring}: left behind
     * when it restarted between a transition's end and its drops (which it then no longer knows),
     * or when it was force-removed and came back. Once per stable ring version.
     */
    private void cleanUp(Ring ring, List<Integer> ranges) throws IOException {
        Map<Integer, Long> deleted = dropper.dropAll(ranges);
        synchronized (this) {
            cleanedVersion = ring.version();
        }
        for (var e : deleted.entrySet()) {
            LOG.log(
                    System.Logger.Level.INFO,
                    "range {0} cleaned up ({1} objects): this node does not replicate it in ring version {2}",
                    e.getKey(),
                    e.getValue(),
                    ring.version());
        }
    }

    private void completed(TransferJob job) {
        synchronized (this) {
            report(job);
        }
    }

    private void report(TransferJob job) {
        Transfer t = transferOf.get(job.id());
        if (t == null) {
            return;
        }
        reportedAt.put(job.id(), nanos.getAsLong());
        try {
            reports.done(job.startVersion(), t);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, job.id() + ": not reported, will be again: " + e.getMessage());
        }
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel();
        }
        transfers.stop();
    }
}
