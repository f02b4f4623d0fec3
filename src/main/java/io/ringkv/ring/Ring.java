package io.ringkv.ring;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An immutable assignment of Q partitions to member nodes, numbered by a version that grows with
 * every change; partition {@code p + 1} follows {@code p} clockwise and partition 0 follows Q - 1.
 */
public final class Ring {
    /** A window of consecutive partitions, starting at {@code first}, and their owners in order. */
    public record Window(int first, List<String> owners) {}

    private final long version;
    private final List<NodeInfo> members;
    private final Map<String, NodeInfo> byId;
    private final String[] owners;
    private final boolean racksConfigured;
    private final Transition transition;
    /** Derived from the transition: the transfers in ring order, and the first transfer of each range. */
    private final List<Transfer> transfers;

    private final int[] firstTransferOfRange;
    private final Ring previous;

    /**
     * A stable ring from an owner array: {@code owners[p]} owns partition p and must be one of the
     * members. Members are kept sorted by id; members that own nothing are allowed.
     */
    public Ring(long version, List<NodeInfo> members, String[] owners) {
        this(version, members, owners, null);
    }

    /**
     * A ring moving to the owner array {@code owners} (its target) from the previous owners that
     * {@code transition} holds; a stable ring when {@code transition} is null. Every previous owner and
     * every departing node must be a member.
     */
    public Ring(long version, List<NodeInfo> members, String[] owners, Transition transition) {
        if (version < 0) {
            throw new IllegalArgumentException("ring version must not be negative: " + version);
        }
        if (owners.length == 0) {
            throw new IllegalArgumentException("a ring needs at least one partition");
        }
        List<NodeInfo> sorted = new ArrayList<>(members);
        sorted.sort(Comparator.comparing(NodeInfo::id));
        Map<String, NodeInfo> index = new HashMap<>();
        Set<String> racks = new HashSet<>();
        for (NodeInfo node : sorted) {
            if (index.put(node.id(), node) != null) {
                throw new IllegalArgumentException("node " + node.id() + " is listed twice");
            }
            racks.add(node.rack());
        }
        for (int p = 0; p < owners.length; p++) {
            if (!index.containsKey(owners[p])) {
                throw new IllegalArgumentException("owner " + owners[p] + " of partition " + p + " is not a member");
            }
        }
        this.version = version;
        this.members = List.copyOf(sorted);
        this.byId = Map.copyOf(index);
        this.owners = owners.clone();
        this.racksConfigured = racks.size() > 1;
        this.transition = transition;
        if (transition == null) {
            this.previous = null;
            this.transfers = List.of();
            this.firstTransferOfRange = null;
        } else {
            String[] before = transition.previousOwnerArray();
            if (before.length != owners.length) {
                throw new IllegalArgumentException("the transition has " + before.length + " previous owners for "
                        + owners.length + " partitions");
            }
            for (String node : transition.departing()) {
                if (!index.containsKey(node)) {
                    throw new IllegalArgumentException("departing node " + node + " is not a member");
                }
            }
            if (transition.startVersion() > version) {
                throw new IllegalArgumentException("a transition started at version " + transition.startVersion()
                        + " cannot belong to ring version " + version);
            }
            this.previous = new Ring(version, members, before, null);
            this.firstTransferOfRange = new int[owners.length + 1];
            this.transfers = Transfers.between(previous, this, transition, firstTransferOfRange);
            if (transition.doneSet().length() > transfers.size()) {
                throw new IllegalArgumentException("the transition marks transfer "
                        + (transition.doneSet().length() - 1) + " done, but has only " + transfers.size());
            }
        }
    }

    /**
     * The ring, one version after the stable ring {@code current}, that moves to the assignment of
     * {@code target}: its members are both rings' members (the departing ones stay until the end).
     *
     * @param n the replica count the transfers are computed for (the largest n of any bucket)
     * @param departing the members of {@code current} that leave at the end
     * @param removed those departing members that are gone for good and are never asked for data
     */
    public static Ring moving(Ring current, Ring target, int n, Set<String> departing, Set<String> removed) {
        if (!current.stable()) {
            throw new IllegalArgumentException("ring version " + current.version() + " is already moving");
        }
        if (current.partitions() != target.partitions()) {
            throw new IllegalArgumentException(
                    "rings differ in partitions: " + current.partitions() + " and " + target.partitions());
        }
        Map<String, NodeInfo> union = new java.util.TreeMap<>();
        for (NodeInfo node : current.members()) {
            union.put(node.id(), node);
        }
        for (NodeInfo node : target.members()) {
            union.put(node.id(), node);
        }
        long version = current.version() + 1;
        return new Ring(
                version,
                new ArrayList<>(union.values()),
                target.owners,
                Transition.started(version, n, current.owners, departing, removed));
    }

    /** The transition under way, or null when the ring is stable. */
    public Transition transition() {
        return transition;
    }

    /** Whether no transition is under way. */
    public boolean stable() {
        return transition == null;
    }

    /** The assignment before the transition (a stable ring of the same version), or this ring when stable. */
    public Ring previous() {
        return previous == null ? this : previous;
    }

    /** Every transfer of the transition, in range order; empty when stable. */
    public List<Transfer> transfers() {
        return transfers;
    }

    /** Whether transfer {@code index} of {@link #transfers} is done. */
    public boolean transferDone(int index) {
        return transition != null && transition.isDone(Objects.checkIndex(index, transfers.size()));
    }

    /** The index of {@code transfer} in {@link #transfers}, or -1 when it is not one of them. */
    public int indexOf(Transfer transfer) {
        if (transition == null || transfer.range() >= owners.length) {
            return -1;
        }
        for (int i = firstTransferOfRange[transfer.range()]; i < firstTransferOfRange[transfer.range() + 1]; i++) {
            if (transfers.get(i).equals(transfer)) {
                return i;
            }
        }
        return -1;
    }

    /** Whether every transfer of the transition is done (true for a stable ring). */
    public boolean transfersComplete() {
        return transition == null || transition.doneSet().cardinality() == transfers.size();
    }

    /**
     * Whether key range {@code range} has switched to its target replicas: every transfer into it is
     * done (always true on a stable ring).
     */
    public boolean switched(int range) {
        checked(range);
        if (transition == null) {
            return true;
        }
        for (int i = firstTransferOfRange[range]; i < firstTransferOfRange[range + 1]; i++) {
            if (!transition.isDone(i)) {
                return false;
            }
        }
        return true;
    }

    /**
     * The k replicas that serve reads of key range {@code range} (and count toward a write's w): the
     * target's preference list once the range has switched, the previous one until then.
     */
    public List<String> readReplicas(int range, int k) {
        return new PreferenceList(switched(range) ? this : previous).nodes(range, k);
    }

    /**
     * The replicas of key range {@code range} that take its writes without serving its reads, for
     * as long as a transition is under way: before the range switches, the target's first k replicas
     * that are not among the previous k (they are receiving it); after it has switched, the previous
     * k that are not among the target's (a node whose ring is older still reads from them, so they
     * must keep every write acknowledged until the transition ends). Force-removed nodes are never
     * among them. Writes go to these too and need one more acknowledgement for each, so a write
     * reaches a quorum of both lists whichever a reader uses.
     */
    public List<String> pendingReplicas(int range, int k) {
        if (transition == null) {
            return List.of();
        }
        boolean switched = switched(range);
        List<String> serving = new PreferenceList(switched ? this : previous).nodes(range, k);
        List<String> result = new ArrayList<>();
        for (String node : new PreferenceList(switched ? previous : this).nodes(range, k)) {
            if (!serving.contains(node) && !transition.removed().contains(node)) {
                result.add(node);
            }
        }
        return List.copyOf(result);
    }

    /** This ring as version {@code newVersion} with {@code transfer} marked done. */
    public Ring withTransferDone(long newVersion, Transfer transfer) {
        int i = indexOf(transfer);
        if (i < 0) {
            throw new IllegalArgumentException(transfer + " is not a transfer of " + this);
        }
        return new Ring(newVersion, members, owners, transition.withDone(i));
    }

    /**
     * The stable ring that ends this transition, as version {@code newVersion}: the target assignment,
     * without the departing members.
     */
    public Ring finished(long newVersion) {
        if (transition == null) {
            throw new IllegalStateException("ring version " + version + " has no transition to finish");
        }
        List<NodeInfo> staying = new ArrayList<>();
        for (NodeInfo member : members) {
            if (!transition.departing().contains(member.id())) {
                staying.add(member);
            }
        }
        return new Ring(newVersion, staying, owners, null);
    }

    public long version() {
        return version;
    }

    /** Q, the number of partitions. */
    public int partitions() {
        return owners.length;
    }

    public String owner(int partition) {
        return owners[checked(partition)];
    }

    /** The members, sorted by id. */
    public List<NodeInfo> members() {
        return members;
    }

    public Optional<NodeInfo> member(String nodeId) {
        return Optional.ofNullable(byId.get(nodeId));
    }

    /** The rack of a member; throws for a node that is not one. */
    public String rackOf(String nodeId) {
        NodeInfo node = byId.get(nodeId);
        if (node == null) {
            throw new IllegalArgumentException("node " + nodeId + " is not a member of ring version " + version);
        }
        return node.rack();
    }

    /** True when the members sit on more than one rack, so placement spreads replicas over racks. */
    public boolean racksConfigured() {
        return racksConfigured;
    }

    /** The partitions a node owns, in ascending order (empty for a non-member). */
    public List<Integer> partitionsOf(String nodeId) {
        List<Integer> result = new ArrayList<>();
        for (int p = 0; p < owners.length; p++) {
            if (owners[p].equals(nodeId)) {
                result.add(p);
            }
        }
        return List.copyOf(result);
    }

    /** How many partitions have a different owner here than in {@code previous} (same Q required). */
    public int partitionsMovedFrom(Ring previous) {
        if (previous.partitions() != partitions()) {
            throw new IllegalArgumentException(
                    "rings differ in partitions: " + previous.partitions() + " and " + partitions());
        }
        int moved = 0;
        for (int p = 0; p < owners.length; p++) {
            if (!owners[p].equals(previous.owners[p])) {
                moved++;
            }
        }
        return moved;
    }

    /**
     * The windows of n consecutive partitions (wrapping around; at most Q wide) whose owners are not
     * n distinct nodes. Empty means every preference list is simply the next n owners.
     */
    public List<Window> violations(int n) {
        return windowsWithRepeats(n, p -> owners[p]);
    }

    /** Like {@link #violations}, but for racks: windows whose owners are not on distinct racks. */
    public List<Window> rackViolations(int n) {
        return windowsWithRepeats(n, p -> byId.get(owners[p]).rack());
    }

    private List<Window> windowsWithRepeats(int n, java.util.function.IntFunction<String> key) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        int width = Math.min(n, owners.length);
        List<Window> result = new ArrayList<>();
        for (int first = 0; first < owners.length; first++) {
            Set<String> seen = new HashSet<>();
            boolean repeated = false;
            List<String> window = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                int p = (first + i) % owners.length;
                window.add(owners[p]);
                repeated |= !seen.add(key.apply(p));
            }
            if (repeated) {
                result.add(new Window(first, List.copyOf(window)));
            }
        }
        return result;
    }

    /** A copy of the owner array. */
    String[] ownerArray() {
        return owners.clone();
    }

    boolean sameAssignment(List<NodeInfo> otherMembers, String[] otherOwners) {
        List<NodeInfo> sorted = new ArrayList<>(otherMembers);
        sorted.sort(Comparator.comparing(NodeInfo::id));
        return members.equals(sorted) && Arrays.equals(owners, otherOwners);
    }

    private int checked(int partition) {
        return Objects.checkIndex(partition, owners.length);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Ring other
                && version == other.version
                && members.equals(other.members)
                && Arrays.equals(owners, other.owners)
                && Objects.equals(transition, other.transition);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, members, Arrays.hashCode(owners), transition);
    }

    @Override
    public String toString() {
        return "Ring{version=" + version + ", partitions=" + owners.length + ", members=" + members.size()
                + (transition == null ? "" : ", " + transition) + "}";
    }
}
