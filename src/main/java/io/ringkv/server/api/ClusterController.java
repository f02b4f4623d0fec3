package io.ringkv.server.api;

import io.ringkv.kv.BucketProps;
import io.ringkv.membership.EndpointState;
import io.ringkv.membership.Gossiper;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Ring;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.ClusterView;
import io.ringkv.server.cluster.NodeGossip;
import java.util.ArrayList;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** The ring as this node knows it, and where a key's replicas live. */
@RestController
@RequestMapping("/v1/cluster")
public class ClusterController implements ClusterApiDocs {
    private final ClusterMembership membership;
    private final BucketCatalog catalog;
    private final RequestRules rules;
    private final NodeGossip gossip;

    public ClusterController(
            ClusterMembership membership, BucketCatalog catalog, RequestRules rules, NodeGossip gossip) {
        this.membership = membership;
        this.catalog = catalog;
        this.rules = rules;
        this.gossip = gossip;
    }

    /**
     * A member as this node sees it through gossip.
     *
     * @param id node id
     * @param address host:port it is reached at
     * @param status UP, SUSPECT, DOWN or LEFT
     * @param phi the failure detector's suspicion level
     * @param generation its incarnation (start time); grows when it restarts
     * @param heartbeat its heartbeat version within the generation, as last heard
     * @param lastHeartbeatMillisAgo how long ago this node last heard a newer state of it (0 for this
     *     node, -1 when never)
     * @param health its own overall Actuator health, as it reports it (DOWN or OUT_OF_SERVICE: requests
     *     are routed around it)
     * @param storageHealth its storage health contributor's status, as it reports it
     * @param partitions how many partitions it owns in the ring (as this node holds it)
     * @param ringVersion the version of the ring it holds, as last heard
     */
    public record MemberStatusBody(
            String id,
            String address,
            String status,
            double phi,
            long generation,
            long heartbeat,
            long lastHeartbeatMillisAgo,
            String health,
            String storageHealth,
            int partitions,
            long ringVersion) {}

    /**
     * The members.
     *
     * @param self this node's id
     * @param members every member heard of, by id
     * @param seedsNotReached seeds that have not answered yet (unreachable, or a name that does not
     *     resolve); they are retried with back-off
     */
    public record MembersBody(String self, List<MemberStatusBody> members, List<String> seedsNotReached) {}

    @GetMapping("/members")
    @ClientOperation("members")
    public MembersBody members() {
        ClusterView view = membership.view();
        List<MemberStatusBody> out = new ArrayList<>();
        for (Gossiper.Member m : gossip.members()) {
            EndpointState s = m.state();
            int owned = view == null ? 0 : view.ring().partitionsOf(s.node()).size();
            double phi = Math.round(m.phi() * 100) / 100.0;
            out.add(new MemberStatusBody(
                    s.node(),
                    s.address(),
                    m.status().name(),
                    phi,
                    s.generation(),
                    s.version(),
                    m.sinceHeartbeatNanos() < 0 ? -1 : m.sinceHeartbeatNanos() / 1_000_000,
                    s.health(),
                    s.storageHealth(),
                    owned,
                    s.ringVersion()));
        }
        return new MembersBody(membership.self().id(), out, membership.waitingFor());
    }

    /**
     * A member of the ring.
     *
     * @param id node id
     * @param weight capacity weight
     * @param rack rack
     * @param address host:port it is reached at
     * @param partitions how many partitions it owns
     */
    public record Member(String id, int weight, String rack, String address, int partitions) {}

    /**
     * The ring.
     *
     * @param partitions Q, the number of partitions
     * @param version the ring's version
     * @param members the members, by id
     * @param owners the owner of each partition, indexed by partition (the target owners while a
     *     transition is under way)
     * @param stable whether no transition is under way
     * @param transition the transition under way, or null when the ring is stable
     */
    public record RingBody(
            int partitions,
            long version,
            List<Member> members,
            List<String> owners,
            boolean stable,
            @org.jspecify.annotations.Nullable TransitionBody transition) {}

    /**
     * A transition under way.
     *
     * @param startVersion the ring version that committed it
     * @param transfers how many range transfers it has
     * @param done how many of them are done
     * @param switchedRanges how many key ranges are served by their new replicas already
     * @param departing the members that leave the ring when it ends
     */
    public record TransitionBody(
            long startVersion, int transfers, int done, int switchedRanges, List<String> departing) {}

    /**
     * Where a key lives.
     *
     * @param partition the key's partition
     * @param nodes its replicas (the bucket's n of them, or fewer in a smaller cluster), the owner
     *     first
     */
    public record PreferenceListBody(int partition, List<String> nodes) {}

    @GetMapping("/ring")
    @ClientOperation("ring")
    public RingBody ring() {
        ClusterView view = membership.requireView();
        Ring ring = view.ring();
        List<Member> members = new ArrayList<>();
        for (NodeInfo m : ring.members()) {
            members.add(new Member(
                    m.id(),
                    m.weight(),
                    m.rack(),
                    view.addressOf(m.id()),
                    ring.partitionsOf(m.id()).size()));
        }
        List<String> owners = new ArrayList<>(ring.partitions());
        for (int p = 0; p < ring.partitions(); p++) {
            owners.add(ring.owner(p));
        }
        TransitionBody transition = null;
        if (!ring.stable()) {
            int switched = 0;
            for (int p = 0; p < ring.partitions(); p++) {
                switched += ring.switched(p) ? 1 : 0;
            }
            transition = new TransitionBody(
                    ring.transition().startVersion(),
                    ring.transfers().size(),
                    ring.transition().doneSet().cardinality(),
                    switched,
                    List.copyOf(new java.util.TreeSet<>(ring.transition().departing())));
        }
        return new RingBody(ring.partitions(), ring.version(), members, owners, ring.stable(), transition);
    }

    @GetMapping("/preference-list/{bucket}/{key}")
    @ClientOperation("preference-list")
    public PreferenceListBody preferenceList(@PathVariable String bucket, @PathVariable String key) {
        String b = rules.bucket(bucket);
        byte[] k = rules.key(key);
        ClusterView view = membership.requireView();
        BucketProps props = catalog.props(b);
        return new PreferenceListBody(
                view.placement().partitionOf(b, k), view.placement().preferenceList(b, k, props.n()));
    }
}
