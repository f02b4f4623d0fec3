package io.ringkv.server.cluster;

import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.RingPlacement;
import io.ringkv.membership.RingHolder;
import io.ringkv.membership.RingKeeper;
import io.ringkv.port.Scheduler;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.server.config.HostPort;
import io.ringkv.server.config.RingkvProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * How this node knows the ring. A node that kept a ring in its data directory serves with it at
 * once. A new node asks every seed who it is ({@code GET /internal/v1/node}), retrying with back-off
 * until each has answered once; if none of them holds a ring yet (a new cluster) it computes the
 * first ring with a deterministic claim, so every member that has the same seeds computes the same
 * ring; otherwise, or if gossip brings a ring first, it takes the cluster's.
 * After that, gossip decides: a ring with a greater version replaces the held one here (and on
 * disk); see {@link io.ringkv.membership.Gossiper}. Until a ring is known the node is not ready and
 * client requests are refused.
 */
public final class ClusterMembership implements Placement, RingHolder, AutoCloseable {
    public static final String NODE_PATH = "/internal/v1/node";
    private static final Logger LOG = LoggerFactory.getLogger(ClusterMembership.class);
    private static final long FIRST_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    private static final long MAX_RETRY_NANOS = TimeUnit.SECONDS.toNanos(5);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final NodeInfo self;
    private final String advertisedAddress;
    private final List<HostPort> seeds;
    private final Partitioner partitioner;
    private final int nVal;
    private final String clusterName;
    private final OkHttpClient client;
    private final Scheduler scheduler;
    private final Map<HostPort, NodeDescription> answers = new LinkedHashMap<>();
    /** Members' addresses as their seed answers gave them; gossip's are preferred. */
    private final Map<String, String> seedAddresses = new ConcurrentHashMap<>();

    private volatile String selfAddress;
    private final Predicate<String> isUp;
    private final Function<String, String> gossipAddress;
    private final Consumer<Ring> offerToGossip;
    private final RingKeeper keeper;
    private volatile ClusterView view;
    private volatile boolean closed;
    /** Whether this node was a member of a ring it held (and so can leave one). */
    private volatile boolean wasMember;
    /**
     * Set once a stable ring without this node follows one with it: the node has left the cluster.
     * Kept in {@link #leftMarker}, so a node started again on the same data directory stays out.
     */
    private volatile boolean left;
    /** {@code <data-dir>/cluster/left}: written when the node leaves; null for none (no ring file). */
    private final Path leftMarker;

    private volatile Runnable announceLeaving = () -> {};

    /** A node without gossip or a ring file: it computes its ring from its seeds alone. */
    public ClusterMembership(
            RingkvProperties properties, Partitioner partitioner, OkHttpClient client, Scheduler scheduler) {
        this(
                properties,
                client,
                scheduler,
                node -> true,
                node -> null,
                ring -> {},
                new RingKeeper(partitioner, null),
                null);
    }

    /** A node whose leaving is remembered in {@code <data-dir>/cluster/left}. */
    public ClusterMembership(
            RingkvProperties properties,
            OkHttpClient client,
            Scheduler scheduler,
            Predicate<String> isUp,
            Function<String, String> gossipAddress,
            Consumer<Ring> offerToGossip,
            RingKeeper keeper) {
        this(
                properties,
                client,
                scheduler,
                isUp,
                gossipAddress,
                offerToGossip,
                keeper,
                properties.dataDir().resolve("cluster").resolve("left"));
    }

    /**
     * @param isUp which members may take requests (gossip's view); fallbacks for sloppy quorum are
     *     chosen among them
     * @param gossipAddress a member's address as gossip last heard it, or null
     * @param offerToGossip takes the rings this node comes by itself (read from disk or computed), so
     *     gossip spreads them
     * @param keeper holds the ring (and keeps it on disk); placement follows every ring it installs
     * @throws IllegalStateException when the stored ring does not fit this node's settings, or is damaged
     */
    private ClusterMembership(
            RingkvProperties properties,
            OkHttpClient client,
            Scheduler scheduler,
            Predicate<String> isUp,
            Function<String, String> gossipAddress,
            Consumer<Ring> offerToGossip,
            RingKeeper keeper,
            Path leftMarker) {
        this.leftMarker = leftMarker;
        if (leftMarker != null && Files.exists(leftMarker)) {
            left = true;
            LOG.warn(
                    "node {} left the cluster before this start ({} says so): it takes no client requests and"
                            + " does not join again; to join as a new node, start it on an empty data directory",
                    properties.nodeId(),
                    leftMarker);
        }
        this.isUp = isUp;
        this.gossipAddress = gossipAddress;
        this.offerToGossip = offerToGossip;
        this.keeper = keeper;
        RingkvProperties.Cluster cluster = properties.cluster();
        this.self = new NodeInfo(properties.nodeId(), cluster.weight(), cluster.rack());
        this.advertisedAddress = cluster.advertisedAddress();
        this.seeds = properties.seeds().stream()
                .map(s -> HostPort.parse("ringkv.seeds", s))
                .distinct()
                .toList();
        this.partitioner = keeper.partitioner();
        this.nVal = properties.ring().nVal();
        this.clusterName = cluster.name();
        this.client = client;
        this.scheduler = scheduler;
        this.selfAddress = advertisedAddress.isBlank() ? null : advertisedAddress;
        keeper.subscribe(this::installed);
        if (keeper.ring() != null) {
            installed(keeper.ring());
        }
        Ring stored = keeper.readStored();
        if (stored != null) {
            LOG.info(
                    "ring version {} of {} partitions over {} read from {}",
                    stored.version(),
                    stored.partitions(),
                    stored.members().stream().map(NodeInfo::id).toList(),
                    properties.dataDir());
            keeper.install(stored, /* persist= */ false);
            offerToGossip.accept(stored);
        } else if (seeds.isEmpty()) {
            computeRing();
        }
    }

    /** Holds this node's ring. */
    public RingKeeper keeper() {
        return keeper;
    }

    /** Called (on the scheduler) once this node finds it has left the cluster: gossip announces it. */
    public void onLeft(Runnable announce) {
        this.announceLeaving = announce;
    }

    /** Whether this node has left the cluster: a finished ring no longer lists it. */
    public boolean hasLeft() {
        return left;
    }

    /** A ring the keeper installed: placement moves to it; a node no longer in it has left. */
    private void installed(Ring ring) {
        view = new ClusterView(new RingPlacement(ring, partitioner, isUp), this::addressOf);
        boolean member = ring.member(self.id()).isPresent();
        if (member) {
            wasMember = true;
        } else if (wasMember && ring.stable() && !left) {
            left = true;
            rememberLeft(ring.version());
            LOG.warn(
                    "node {} has left the cluster: ring version {} no longer lists it. It takes no more client"
                            + " requests and stops unless ringkv.cluster.stop-when-left=false; its data may be"
                            + " deleted",
                    self.id(),
                    ring.version());
            // Not here: the keeper's (and perhaps the gossiper's) lock is held.
            scheduler.schedule(0, () -> announceLeaving.run());
        }
    }

    /** Writes the marker that keeps this node out of the cluster across restarts. */
    private void rememberLeft(long version) {
        if (leftMarker == null) {
            return;
        }
        try {
            Files.createDirectories(leftMarker.getParent());
            Files.write(
                    leftMarker,
                    ("left at ring version " + version + "\n").getBytes(StandardCharsets.UTF_8),
                    StandardOpenOption.CREATE,
                    StandardOpenOption.TRUNCATE_EXISTING,
                    StandardOpenOption.WRITE,
                    StandardOpenOption.SYNC);
        } catch (IOException e) {
            LOG.warn("could not write {}: a restart on this data directory would not know it left", leftMarker, e);
        }
    }

    /** Starts asking the seeds, once this node listens on {@code port} (and so can answer itself). */
    public void start(int port) {
        if (selfAddress == null) {
            selfAddress = "localhost:" + port;
        }
        if (seeds.isEmpty()) {
            return;
        }
        // Asked even with a ring in hand: their answers say where the members are until gossip does.
        LOG.info("node {} asks its seeds {} who they are", self.id(), seeds);
        for (HostPort seed : seeds) {
            ask(seed, 0);
        }
    }

    public NodeDescription self() {
        ClusterView v = view;
        return new NodeDescription(
                self.id(),
                self.weight(),
                self.rack(),
                selfAddress,
                v == null ? 0L : v.ring().version(),
                clusterName,
                partitioner.partitions());
    }

    /** The cluster as known, or null before this node has a ring. */
    public ClusterView view() {
        return view;
    }

    /** The cluster as known; refuses before this node has a ring. */
    public ClusterView requireView() {
        if (left) {
            ClusterView v = view;
            throw new ClusterNotReadyException("this node has left the cluster"
                    + (v == null ? "" : " (ring version " + v.ring().version() + " no longer lists it)")
                    + "; send requests to its members");
        }
        ClusterView v = view;
        if (v == null) {
            throw new ClusterNotReadyException("this node has not heard from every seed yet (waiting for "
                    + waitingFor() + ") nor learned the ring by gossip; retry shortly or at another node");
        }
        return v;
    }

    /** The seeds that have not answered yet. */
    public synchronized List<String> waitingFor() {
        List<String> waiting = new ArrayList<>();
        for (HostPort seed : seeds) {
            if (!answers.containsKey(seed)) {
                waiting.add(seed.toString());
            }
        }
        return waiting;
    }

    /** The base URL of a member, or null when it is not one or its address is not known yet. */
    public HttpUrl baseUrl(String nodeId) {
        ClusterView v = view;
        String address = v == null ? null : v.addressOf(nodeId);
        return address == null ? null : HttpUrl.parse("http://" + address);
    }

    /** The host:port other members reach this node at (its advertised address), once it listens. */
    public String selfAddress() {
        return selfAddress;
    }

    /** Where {@code nodeId} is reached: as gossip heard it, else as its seed answer said, or null. */
    String addressOf(String nodeId) {
        if (nodeId.equals(self.id())) {
            return selfAddress;
        }
        String heard = gossipAddress.apply(nodeId);
        return heard != null ? heard : seedAddresses.get(nodeId);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return requireView().placement().preferenceList(bucket, key, n);
    }

    @Override
    public List<String> pendingReplicas(String bucket, byte[] key, int n) {
        return requireView().placement().pendingReplicas(bucket, key, n);
    }

    @Override
    public int partitions() {
        return partitioner.partitions();
    }

    @Override
    public int partitionOf(String bucket, byte[] key) {
        return partitioner.partitionOf(bucket, key);
    }

    @Override
    public List<String> partitionReplicas(int partition, int n) {
        return requireView().placement().partitionReplicas(partition, n);
    }

    @Override
    public int clusterSize() {
        return requireView().placement().clusterSize();
    }

    @Override
    public List<String> fallbacks(String bucket, byte[] key, int n, int count) {
        return requireView().placement().fallbacks(bucket, key, n, count);
    }

    @Override
    public boolean isUp(String node) {
        return isUp.test(node);
    }

    @Override
    public String unusable(Ring ring) {
        return keeper.unusable(ring);
    }

    /** A newer ring from gossip: placement moves to it, and it is kept on disk. */
    @Override
    public void adopted(Ring ring) {
        keeper.adopted(ring);
    }

    private void ask(HostPort seed, int attempt) {
        if (closed) {
            return;
        }
        HttpUrl url = new HttpUrl.Builder()
                .scheme("http")
                .host(
                        seed.host().startsWith("[")
                                ? seed.host().substring(1, seed.host().length() - 1)
                                : seed.host())
                .port(seed.port())
                .encodedPath(NODE_PATH)
                .build();
        client.newCall(new Request.Builder().url(url).get().build()).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                retry(seed, attempt, e.toString());
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (response.code() != 200) {
                        retry(seed, attempt, "HTTP " + response.code());
                        return;
                    }
                    NodeDescription answer = JSON.readValue(response.body().string(), NodeDescription.class);
                    answer.toNodeInfo(); // validates id and weight
                    answered(seed, answer);
                } catch (IOException | JacksonException | IllegalArgumentException | NullPointerException e) {
                    retry(seed, attempt, "unreadable answer: " + e.getMessage());
                }
            }
        });
    }

    private void retry(HostPort seed, int attempt, String why) {
        if (closed) {
            return;
        }
        long delay = Math.min(MAX_RETRY_NANOS, FIRST_RETRY_NANOS << Math.min(attempt, 20));
        if (attempt == 0 || attempt % 10 == 9) {
            LOG.info("seed {} has not answered ({}); retrying", seed, why);
        }
        scheduler.schedule(delay, () -> ask(seed, attempt + 1));
    }

    private synchronized void answered(HostPort seed, NodeDescription answer) {
        if (answers.containsKey(seed)) {
            return;
        }
        answers.put(seed, answer);
        if (!answer.id().equals(self.id())) {
            String earlier = seedAddresses.putIfAbsent(answer.id(), answer.address());
            if (earlier != null && !earlier.equals(answer.address())) {
                LOG.warn("node {} answered at {} and at {}; using {}", answer.id(), earlier, answer.address(), earlier);
            }
        }
        LOG.info("seed {} is node {} (weight {}, rack {})", seed, answer.id(), answer.weight(), answer.rack());
        if (answers.size() == seeds.size() && view == null) {
            if (answers.values().stream().anyMatch(NodeDescription::holdsRing)) {
                // A cluster exists: its ring comes by gossip; a ring computed here would conflict.
                LOG.info("a seed already holds a ring; waiting for it by gossip rather than computing one");
            } else {
                computeRing();
            }
        }
    }

    private synchronized void computeRing() {
        Map<String, NodeInfo> members = new LinkedHashMap<>();
        members.put(self.id(), self);
        for (NodeDescription answer : answers.values()) {
            members.putIfAbsent(answer.id(), answer.toNodeInfo());
        }
        Ring ring = Claim.claim(null, new ArrayList<>(members.values()), partitioner.partitions(), nVal);
        LOG.info("computed the first ring from the seeds' answers");
        keeper.install(ring, /* persist= */ true);
        offerToGossip.accept(ring);
    }

    @Override
    public void close() {
        closed = true;
    }
}
