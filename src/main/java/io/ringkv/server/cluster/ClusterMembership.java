package io.ringkv.server.cluster;

import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.RingPlacement;
import io.ringkv.port.Scheduler;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.server.config.HostPort;
import io.ringkv.server.config.RingkvProperties;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
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
 * Static membership: asks every seed who it is ({@code GET /internal/v1/node}), retrying with
 * back-off until each has answered once, then computes the ring with a deterministic claim, so every
 * member computes the same ring. Until then the node is not ready and client requests are refused.
 */
public final class ClusterMembership implements Placement, AutoCloseable {
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
    private final OkHttpClient client;
    private final Scheduler scheduler;
    private final Map<HostPort, NodeDescription> answers = new LinkedHashMap<>();
    private volatile String selfAddress;
    private final Predicate<String> isUp;
    private volatile ClusterView view;
    private volatile boolean closed;

    public ClusterMembership(
            RingkvProperties properties, Partitioner partitioner, OkHttpClient client, Scheduler scheduler) {
        this(properties, partitioner, client, scheduler, node -> true);
    }

    /**
     * @param isUp which members may take requests (gossip's view); fallbacks for sloppy quorum are
     *     chosen among them
     */
    public ClusterMembership(
            RingkvProperties properties,
            Partitioner partitioner,
            OkHttpClient client,
            Scheduler scheduler,
            Predicate<String> isUp) {
        this.isUp = isUp;
        RingkvProperties.Cluster cluster = properties.cluster();
        this.self = new NodeInfo(properties.nodeId(), cluster.weight(), cluster.rack());
        this.advertisedAddress = cluster.advertisedAddress();
        this.seeds = properties.seeds().stream()
                .map(s -> HostPort.parse("ringkv.seeds", s))
                .distinct()
                .toList();
        this.partitioner = partitioner;
        this.nVal = properties.ring().nVal();
        this.client = client;
        this.scheduler = scheduler;
        this.selfAddress = advertisedAddress.isBlank() ? null : advertisedAddress;
        if (seeds.isEmpty()) {
            computeRing();
        }
    }

    /** Starts asking the seeds, once this node listens on {@code port} (and so can answer itself). */
    public void start(int port) {
        if (selfAddress == null) {
            selfAddress = "localhost:" + port;
        }
        if (view != null) {
            view = new ClusterView(view.placement(), Map.of(self.id(), selfAddress));
            return;
        }
        LOG.info("node {} asks its seeds {} who they are", self.id(), seeds);
        for (HostPort seed : seeds) {
            ask(seed, 0);
        }
    }

    public NodeDescription self() {
        return new NodeDescription(self.id(), self.weight(), self.rack(), selfAddress);
    }

    /** The cluster as known, or null while some seed has not answered. */
    public ClusterView view() {
        return view;
    }

    /** The cluster as known; refuses while some seed has not answered. */
    public ClusterView requireView() {
        ClusterView v = view;
        if (v == null) {
            throw new ClusterNotReadyException("this node has not heard from every seed yet (waiting for "
                    + waitingFor() + "); retry shortly or at another node");
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

    /** The base URL of a member, or null when it is not one. */
    public HttpUrl baseUrl(String nodeId) {
        ClusterView v = view;
        String address = v == null ? null : v.addressOf(nodeId);
        return address == null ? null : HttpUrl.parse("http://" + address);
    }

    @Override
    public List<String> preferenceList(String bucket, byte[] key, int n) {
        return requireView().placement().preferenceList(bucket, key, n);
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
        if (view != null || answers.containsKey(seed)) {
            return;
        }
        answers.put(seed, answer);
        LOG.info("seed {} is node {} (weight {}, rack {})", seed, answer.id(), answer.weight(), answer.rack());
        if (answers.size() == seeds.size()) {
            computeRing();
        }
    }

    private synchronized void computeRing() {
        Map<String, NodeInfo> members = new LinkedHashMap<>();
        Map<String, String> addresses = new LinkedHashMap<>();
        members.put(self.id(), self);
        if (selfAddress != null) {
            addresses.put(self.id(), selfAddress);
        }
        for (NodeDescription answer : answers.values()) {
            if (answer.id().equals(self.id())) {
                continue;
            }
            NodeInfo earlier = members.putIfAbsent(answer.id(), answer.toNodeInfo());
            if (earlier != null && !addresses.get(answer.id()).equals(answer.address())) {
                LOG.warn(
                        "node {} answered at {} and at {}; using {}",
                        answer.id(),
                        addresses.get(answer.id()),
                        answer.address(),
                        addresses.get(answer.id()));
            }
            addresses.putIfAbsent(answer.id(), answer.address());
        }
        Ring ring = Claim.claim(null, new ArrayList<>(members.values()), partitioner.partitions(), nVal);
        view = new ClusterView(new RingPlacement(ring, partitioner, isUp), addresses);
        LOG.info("ring version {} of {} partitions over {}", ring.version(), ring.partitions(), members.keySet());
    }

    @Override
    public void close() {
        closed = true;
    }
}
