package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The ring as a node answered {@code GET /v1/cluster/ring}: Q partitions, each owned by a member,
 * and a version that grows with every change. Computes a key's preference list exactly as the
 * server's {@code PreferenceList} does: the owner of the key's partition, then the next distinct
 * owners clockwise; with members on more than one rack, nodes on racks not used yet first.
 */
public final class RingView {
    /**
     * A member of the ring.
     *
     * @param id node id
     * @param rack its rack
     * @param address host:port its API answers at; null when the node answering did not know it
     */
    public record Member(String id, String rack, String address) {}

    private final long version;
    private final Map<String, Member> members;
    private final Map<String, Member> byId;
    private final String[] owners;
    private final int distinctOwners;
    private final boolean racksConfigured;
    /** Each partition's clockwise walk, computed on first use (a race computes an equal list twice). */
    private final List<String>[] walks;

    /** A ring; refused (IllegalArgumentException) unless every owner is a member and Q is valid. */
    public RingView(long version, List<Member> members, List<String> owners) {
        if (version < 0) {
            throw new IllegalArgumentException("ring version must not be negative: " + version);
        }
        Partitions.checkPartitions(owners.size());
        Map<String, Member> byId = new TreeMap<>();
        Set<String> racks = new HashSet<>();
        for (Member m : members) {
            if (m.id() == null || m.id().isEmpty()) {
                throw new IllegalArgumentException("a ring member has no id");
            }
            if (byId.put(m.id(), m) != null) {
                throw new IllegalArgumentException("ring member " + m.id() + " is listed twice");
            }
            racks.add(m.rack());
        }
        for (int p = 0; p < owners.size(); p++) {
            if (!byId.containsKey(owners.get(p))) {
                throw new IllegalArgumentException(
                        "owner " + owners.get(p) + " of partition " + p + " is not a member");
            }
        }
        this.version = version;
        this.members = Collections.unmodifiableMap(byId);
        this.byId = Map.copyOf(byId);
        this.owners = owners.toArray(new String[0]);
        this.distinctOwners = new HashSet<>(owners).size();
        @SuppressWarnings("unchecked")
        List<String>[] w = new List[owners.size()];
        this.walks = w;
        this.racksConfigured = racks.size() > 1;
    }

    /** The ring in a {@code GET /v1/cluster/ring} answer; RingkvProtocolException when malformed. */
    static RingView fromJson(JsonNode body, String node) {
        try {
            if (!body.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            int partitions = Json.requiredInt(body, "partitions");
            long version = Json.requiredLong(body, "version");
            List<Member> members = new ArrayList<>();
            for (JsonNode m : Json.requiredArray(body, "members")) {
                String address =
                        m.path("address").isTextual() ? m.path("address").asText() : null;
                members.add(new Member(
                        Json.requiredText(m, "id"),
                        m.path("rack").isTextual() ? m.path("rack").asText() : "default",
                        address == null || address.isEmpty() ? null : address));
            }
            List<String> owners = new ArrayList<>();
            for (JsonNode o : Json.requiredArray(body, "owners")) {
                if (!o.isTextual()) {
                    throw new IllegalArgumentException("an owner is not a string");
                }
                owners.add(o.asText());
            }
            if (owners.size() != partitions) {
                throw new IllegalArgumentException(
                        "the ring has " + partitions + " partitions but " + owners.size() + " owners");
            }
            return new RingView(version, members, owners);
        } catch (IllegalArgumentException e) {
            throw new RingkvProtocolException(
                    node, "GET /v1/cluster/ring answered a malformed ring: " + e.getMessage());
        }
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

    /** The members by id, in id order. */
    public Map<String, Member> members() {
        return members;
    }

    /** The partition of a key on this ring. */
    public int partitionOf(String bucket, String key) {
        return Partitions.partitionOf(bucket, key, owners.length);
    }

    /**
     * The n replicas of a partition (fewer when the ring has fewer members), the owner first, as the
     * server computes them.
     */
    public List<String> preferenceList(int partition, int n) {
        if (n < 1) {
            throw new IllegalArgumentException("n must be at least 1: " + n);
        }
        List<String> walk = clockwise(partition);
        int size = Math.min(n, walk.size());
        if (!racksConfigured) {
            return walk.size() == size ? walk : walk.subList(0, size);
        }
        Set<String> chosen = new LinkedHashSet<>();
        if (racksConfigured) {
            Set<String> racks = new HashSet<>();
            for (String node : walk) {
                if (chosen.size() < size && racks.add(byId.get(node).rack())) {
                    chosen.add(node);
                }
            }
        }
        for (String node : walk) {
            if (chosen.size() < size) {
                chosen.add(node);
            }
        }
        return List.copyOf(chosen);
    }

    /** Every owner once, in the order met walking clockwise from the partition (its owner first). */
    public List<String> clockwise(int partition) {
        List<String> walk = walks[checked(partition)];
        if (walk == null) {
            Set<String> seen = new LinkedHashSet<>();
            int q = owners.length;
            for (int i = 0; i < q && seen.size() < distinctOwners; i++) {
                seen.add(owners[(partition + i) % q]);
            }
            walk = List.copyOf(seen);
            walks[partition] = walk;
        }
        return walk;
    }

    /** The address of a member, or null when unknown. */
    String addressOf(String id) {
        Member m = byId.get(id);
        return m == null ? null : m.address();
    }

    private int checked(int partition) {
        if (partition < 0 || partition >= owners.length) {
            throw new IllegalArgumentException("partition " + partition + " is not in [0, " + owners.length + ")");
        }
        return partition;
    }

    @Override
    public String toString() {
        return "ring version " + version + ", " + owners.length + " partitions, members " + members.keySet();
    }
}
