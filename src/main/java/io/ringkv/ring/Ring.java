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

    /**
     * A ring from an owner array: {@code owners[p]} owns partition p and must be one of the members.
     * Members are kept sorted by id; members that own nothing are allowed.
     */
    public Ring(long version, List<NodeInfo> members, String[] owners) {
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
                && Arrays.equals(owners, other.owners);
    }

    @Override
    public int hashCode() {
        return Objects.hash(version, members, Arrays.hashCode(owners));
    }

    @Override
    public String toString() {
        return "Ring{version=" + version + ", partitions=" + owners.length + ", members=" + members.size() + "}";
    }
}
