package io.ringkv.membership;

import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import io.ringkv.ring.Transfer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntSupplier;

/**
 * The one node that makes new ring versions: it stages membership changes, plans the next ring from
 * them, commits a plan (compare-and-set on the ring version it was made from), marks transfers done
 * as their receivers report them, and ends a transition once every transfer is done. Every other
 * node forwards cluster changes here. One maker, because gossip keeps the ring of the highest
 * version and cannot merge two different rings of one version: two nodes each making version v + 1
 * would split the cluster.
 *
 * <p>The claimant is {@link #of the first member by id} of the current ring that is not departing.
 * Staged changes live in its memory only; a new claimant starts with none.
 */
public final class Claimant {
    private static final System.Logger LOG = System.getLogger(Claimant.class.getName());

    private final String self;
    private final RingKeeper keeper;
    private final Consumer<Ring> spread;
    private final String clusterName;
    private final int nVal;
    private final IntSupplier largestBucketN;
    private final RangeStats stats;
    private final List<ClusterChange> staged = new ArrayList<>();
    /** The lowest ring version the members that are up hold; everyone is current by default. */
    private volatile java.util.function.LongSupplier lowestHeld = () -> Long.MAX_VALUE;

    /**
     * @param self this node's id
     * @param keeper holds the ring; the claimant installs the rings it makes there
     * @param spread hands each ring made here to gossip
     * @param clusterName the cluster's name: a joining node must carry the same
     * @param nVal the cluster's n_val: a leave that leaves fewer members is refused
     * @param largestBucketN the largest n of any bucket: transfers are computed for max(n_val, it)
     * @param stats estimates the keys and bytes of each transfer
     */
    public Claimant(
            String self,
            RingKeeper keeper,
            Consumer<Ring> spread,
            String clusterName,
            int nVal,
            IntSupplier largestBucketN,
            RangeStats stats) {
        this.self = self;
        this.keeper = keeper;
        this.spread = spread;
        this.clusterName = clusterName;
        this.nVal = nVal;
        this.largestBucketN = largestBucketN;
        this.stats = stats;
    }

    /**
     * What the claimant waits for before it ends a transition: the lowest ring version held by the
     * members that are up (gossip's announced versions). A transition ends only once every one of
     * them holds the ring in which every range has switched: a node still on an older ring reads a
     * range from its previous replicas, which take the range's writes only while the transition lasts.
     */
    public void finishWhen(java.util.function.LongSupplier lowestHeld) {
        this.lowestHeld = lowestHeld;
    }

    /**
     * Ends the transition under way if every transfer is done and every member that is up holds the
     * ring that says so; run now and then (the node runs it every gossip interval). Returns the ring
     * held afterwards, or null when this node is not the claimant.
     */
    public synchronized Ring tick() {
        Ring ring = keeper.ring();
        if (ring == null || !self.equals(of(ring))) {
            return null;
        }
        return !ring.stable() && ring.transfersComplete() ? finishOnceHeld(ring) : ring;
    }

    /** The claimant of {@code ring}: its first member by id that is not departing. */
    public static String of(Ring ring) {
        Set<String> departing = ring.stable() ? Set.of() : ring.transition().departing();
        for (NodeInfo member : ring.members()) {
            if (!departing.contains(member.id())) {
                return member.id();
            }
        }
        throw new IllegalStateException("ring version " + ring.version() + " has no member that stays");
    }

    /** Stages the join of {@code node}, which says it is of {@code itsCluster} with {@code itsPartitions}. */
    public synchronized void join(NodeInfo node, String itsCluster, int itsPartitions) {
        Ring ring = requireClaimant();
        checkSameCluster(node.id(), itsCluster, itsPartitions, ring);
        checkNotMember(ring, node.id());
        checkNotStaged(node.id());
        stage(new ClusterChange.Join(node));
    }

    /** Stages the leave of member {@code node}. */
    public synchronized void leave(String node) {
        Ring ring = requireClaimant();
        checkStayingMember(ring, node);
        checkNotStaged(node);
        checkEnoughRemain(ring, node, "leave");
        stage(new ClusterChange.Leave(node));
    }

    /** Stages the replacement of member {@code node} by {@code replacement}, a node new to the ring. */
    public synchronized void replace(String node, NodeInfo replacement, String itsCluster, int itsPartitions) {
        Ring ring = requireClaimant();
        if (node.equals(replacement.id())) {
            throw ClusterChangeRefusedException.badRequest("node " + node + " cannot replace itself");
        }
        checkStayingMember(ring, node);
        checkSameCluster(replacement.id(), itsCluster, itsPartitions, ring);
        checkNotMember(ring, replacement.id());
        checkNotStaged(node);
        checkNotStaged(replacement.id());
        stage(new ClusterChange.Replace(node, replacement));
    }

    /** Stages the forced removal of member {@code node}, which is gone for good. */
    public synchronized void forceRemove(String node) {
        Ring ring = requireClaimant();
        checkStayingMember(ring, node);
        checkNotStaged(node);
        checkEnoughRemain(ring, node, "force-remove");
        stage(new ClusterChange.ForceRemove(node));
    }

    /** The staged changes, in the order staged. */
    public synchronized List<ClusterChange> staged() {
        return List.copyOf(staged);
    }

    /** Drops every staged change. */
    public synchronized void clearStaged() {
        staged.clear();
    }

    /** What committing the staged changes now would do. */
    public synchronized ClusterPlan plan() {
        Ring current = requireClaimant();
        if (staged.isEmpty()) {
            throw ClusterChangeRefusedException.conflict(
                    "nothing is staged: stage a join, leave, replace or" + " force-remove first");
        }
        if (!current.stable()) {
            throw stillMoving(current);
        }
        Map<String, NodeInfo> members = new LinkedHashMap<>();
        for (NodeInfo member : current.members()) {
            members.put(member.id(), member);
        }
        String[] owners = new String[current.partitions()];
        for (int p = 0; p < owners.length; p++) {
            owners[p] = current.owner(p);
        }
        Set<String> departing = new HashSet<>();
        Set<String> removed = new HashSet<>();
        Set<String> leaving = new HashSet<>();
        boolean reclaim = false;
        for (ClusterChange change : staged) {
            if (change instanceof ClusterChange.Join join) {
                members.put(join.joining().id(), join.joining());
                reclaim = true;
            } else if (change instanceof ClusterChange.Leave leave) {
                departing.add(leave.node());
                leaving.add(leave.node());
                reclaim = true;
            } else if (change instanceof ClusterChange.ForceRemove remove) {
                departing.add(remove.node());
                removed.add(remove.node());
                leaving.add(remove.node());
                reclaim = true;
            } else if (change instanceof ClusterChange.Replace replace) {
                members.remove(replace.node());
                members.put(replace.replacement().id(), replace.replacement());
                departing.add(replace.node());
                for (int p = 0; p < owners.length; p++) {
                    if (owners[p].equals(replace.node())) {
                        owners[p] = replace.replacement().id();
                    }
                }
            }
        }
        Ring swapped = new Ring(current.version(), new ArrayList<>(members.values()), owners);
        Ring target = swapped;
        if (reclaim) {
            List<NodeInfo> staying = new ArrayList<>();
            for (NodeInfo member : members.values()) {
                if (!leaving.contains(member.id())) {
                    staying.add(member);
                }
            }
            target = Claim.claim(swapped, staying, current.partitions(), nVal);
        }
        int n = Math.max(nVal, largestBucketN.getAsInt());
        Ring next = Ring.moving(current, target, n, departing, removed);
        List<ClusterPlan.PlannedTransfer> transfers = new ArrayList<>();
        for (Transfer t : next.transfers()) {
            String source = t.from() != null ? t.from() : current.owner(t.range());
            RangeStats.Estimate estimate =
                    removed.contains(source) ? RangeStats.Estimate.UNKNOWN : stats.estimate(source, t.range());
            transfers.add(
                    new ClusterPlan.PlannedTransfer(t.range(), t.from(), t.to(), estimate.keys(), estimate.bytes()));
        }
        return new ClusterPlan(
                planId(current.version(), staged),
                current.version(),
                List.copyOf(staged),
                next,
                List.copyOf(transfers),
                target.partitionsMovedFrom(current));
    }

    /**
     * Commits the plan named {@code planId}: installs its ring (and spreads it) if the ring and the
     * staged changes are still those it was made from. Returns the ring installed (already the
     * finished, stable one when the plan moves no data).
     */
    public synchronized Ring commit(String planId) {
        ClusterPlan plan = plan();
        if (!plan.id().equals(planId)) {
            throw ClusterChangeRefusedException.conflict("stale plan: plan " + planId
                    + " was not made from ring version " + plan.baseVersion() + " and the changes staged now"
                    + " (the current plan is " + plan.id() + "); get the plan again and review it");
        }
        Ring next = plan.next();
        install(plan.baseVersion(), next);
        staged.clear();
        LOG.log(
                System.Logger.Level.INFO,
                "committed plan " + planId + " as ring version " + next.version() + ": "
                        + plan.changes().stream().map(ClusterChange::describe).toList() + ", "
                        + next.transfers().size() + " transfers");
        // A plan that moves no data ends at once: its target serves exactly as its previous ring did.
        return next.transfers().isEmpty() ? finish(next) : next;
    }

    /**
     * Marks {@code transfer} of the transition that started at ring version {@code startVersion}
     * done, in a new ring version; ends the transition once every transfer is done. A report for a
     * transition that has ended, or a transfer already marked, changes nothing. Returns the ring held
     * afterwards.
     */
    public synchronized Ring transferDone(long startVersion, Transfer transfer) {
        Ring ring = requireClaimant();
        long current = ring.stable() ? Long.MAX_VALUE : ring.transition().startVersion();
        if (startVersion < current || (ring.stable() && startVersion <= ring.version())) {
            return ring; // a transition that has ended: nothing left to mark
        }
        if (startVersion != current) {
            throw ClusterChangeRefusedException.conflict("no transition started at ring version " + startVersion
                    + " (this node holds ring version " + ring.version() + ")");
        }
        int index = ring.indexOf(transfer);
        if (index < 0) {
            throw ClusterChangeRefusedException.notFound(
                    "range " + transfer.range() + " from " + transfer.from() + " to " + transfer.to()
                            + " is not a transfer of the transition started at ring version " + startVersion);
        }
        if (ring.transferDone(index)) {
            return ring;
        }
        Ring next = ring.withTransferDone(ring.version() + 1, transfer);
        install(ring.version(), next);
        return next.transfersComplete() ? finishOnceHeld(next) : next;
    }

    /** Ends the transition of {@code moving} (every transfer done) once every member up holds it. */
    private Ring finishOnceHeld(Ring moving) {
        if (lowestHeld.getAsLong() < moving.version()) {
            return moving; // tick() ends it once they do
        }
        return finish(moving);
    }

    private Ring finish(Ring moving) {
        Ring stable = moving.finished(moving.version() + 1);
        install(moving.version(), stable);
        LOG.log(
                System.Logger.Level.INFO,
                "transition from ring version " + moving.transition().startVersion() + " finished: ring version "
                        + stable.version() + " is stable");
        return stable;
    }

    private void install(long base, Ring next) {
        if (!keeper.replace(base, next)) {
            throw ClusterChangeRefusedException.conflict("the ring changed while the claimant worked (it holds"
                    + " version " + versionOf(keeper.ring()) + ", not " + base + "); try again");
        }
        spread.accept(next);
    }

    private void stage(ClusterChange change) {
        staged.add(change);
        LOG.log(System.Logger.Level.INFO, "staged " + change.describe());
    }

    private Ring requireClaimant() {
        Ring ring = keeper.ring();
        if (ring == null) {
            throw ClusterChangeRefusedException.conflict("this node holds no ring yet");
        }
        String claimant = of(ring);
        if (!claimant.equals(self)) {
            throw ClusterChangeRefusedException.conflict("node " + self + " is not the claimant of ring version "
                    + ring.version() + ": " + claimant + " is");
        }
        return ring;
    }

    private void checkSameCluster(String node, String itsCluster, int itsPartitions, Ring ring) {
        if (!clusterName.equals(itsCluster)) {
            throw ClusterChangeRefusedException.conflict(
                    "node " + node + " belongs to cluster '" + itsCluster + "', this is cluster '" + clusterName + "'");
        }
        if (itsPartitions != ring.partitions()) {
            throw ClusterChangeRefusedException.conflict("node " + node + " has " + itsPartitions
                    + " partitions (ringkv.ring.partitions), the cluster has " + ring.partitions());
        }
    }

    private static void checkNotMember(Ring ring, String node) {
        if (ring.member(node).isPresent()) {
            throw ClusterChangeRefusedException.conflict("node " + node + " is already a member of ring version "
                    + ring.version() + " (it owns " + ring.partitionsOf(node).size() + " partitions)");
        }
    }

    private static void checkStayingMember(Ring ring, String node) {
        if (ring.member(node).isEmpty()) {
            throw ClusterChangeRefusedException.notFound(
                    "node " + node + " is not a member of ring version " + ring.version());
        }
        if (!ring.stable() && ring.transition().departing().contains(node)) {
            throw ClusterChangeRefusedException.conflict(
                    "node " + node + " is already leaving in ring version " + ring.version());
        }
    }

    private void checkNotStaged(String node) {
        for (ClusterChange change : staged) {
            boolean about = change.node().equals(node)
                    || (change instanceof ClusterChange.Replace r
                            && r.replacement().id().equals(node));
            if (about) {
                throw ClusterChangeRefusedException.conflict(
                        "a change of node " + node + " is already staged: " + change.describe());
            }
        }
    }

    private void checkEnoughRemain(Ring ring, String node, String what) {
        Set<String> remaining = new HashSet<>();
        for (NodeInfo member : ring.members()) {
            if (ring.stable() || !ring.transition().departing().contains(member.id())) {
                remaining.add(member.id());
            }
        }
        for (ClusterChange change : staged) {
            if (change instanceof ClusterChange.Join join) {
                remaining.add(join.node());
            } else if (change instanceof ClusterChange.Replace replace) {
                remaining.remove(replace.node());
                remaining.add(replace.replacement().id());
            } else {
                remaining.remove(change.node());
            }
        }
        remaining.remove(node);
        if (remaining.size() < nVal) {
            throw ClusterChangeRefusedException.conflict("refused to " + what + " " + node + ": " + remaining.size()
                    + " members would remain, fewer than n_val " + nVal);
        }
    }

    private static ClusterChangeRefusedException stillMoving(Ring ring) {
        int done = ring.transition().doneSet().cardinality();
        return ClusterChangeRefusedException.conflict("ring version " + ring.version() + " is still moving ("
                + done + " of " + ring.transfers().size() + " transfers done); one transition at a time: plan and"
                + " commit once it has finished");
    }

    private static String versionOf(Ring ring) {
        return ring == null ? "none" : Long.toString(ring.version());
    }

    /** Names a plan by the ring version it starts from and the staged changes. */
    static String planId(long baseVersion, List<ClusterChange> changes) {
        StringBuilder text = new StringBuilder().append(baseVersion);
        for (ClusterChange change : changes) {
            text.append('\n').append(change.describe());
        }
        try {
            byte[] hash =
                    MessageDigest.getInstance("SHA-256").digest(text.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(hash, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
