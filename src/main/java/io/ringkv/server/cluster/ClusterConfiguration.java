package io.ringkv.server.cluster;

import io.ringkv.coordinator.BatchingTransport;
import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.handoff.HintLog;
import io.ringkv.handoff.HintWindow;
import io.ringkv.handoff.HintedHandoff;
import io.ringkv.membership.Claimant;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RangeStats;
import io.ringkv.membership.RingKeeper;
import io.ringkv.port.Clock;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.RingFile;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.health.StorageHealthIndicator;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.ReplicaBatchWriters;
import io.ringkv.server.runtime.VirtualThreads;
import io.ringkv.server.security.InternalCalls;
import io.ringkv.server.transport.LocalFirstTransport;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.Dispatcher;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.web.server.context.WebServerInitializedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The node as a cluster member: membership, the HTTP client to other nodes, and the coordinator. */
@Configuration(proxyBeanMethods = false)
public class ClusterConfiguration {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterConfiguration.class);

    /**
     * One client for every request to other nodes, so connections are pooled per node; its calls are
     * secured as {@link InternalCalls} says (signed with the cluster secret).
     */
    @Bean(destroyMethod = "")
    OkHttpClient clusterHttpClient(RingkvProperties properties, InternalCalls internalCalls) {
        Dispatcher dispatcher = new Dispatcher();
        dispatcher.setMaxRequests(1024);
        dispatcher.setMaxRequestsPerHost(256);
        Duration timeout = properties.cluster().requestTimeout();
        return internalCalls
                .configure(new OkHttpClient.Builder())
                .dispatcher(dispatcher)
                // OkHttp keeps 5 idle connections by default: a coordinator with more requests in
                // flight to its peers than that closed and reopened connections all the time
                // (thousands in TIME_WAIT under load). Keep as many as the per-host limit allows.
                .connectionPool(new ConnectionPool(256, 5, TimeUnit.MINUTES))
                // One deadline for the whole call instead of a read and a write timeout: okio
                // enters and leaves a JVM-wide timeout queue, under one lock, at every socket read
                // and write that has a timeout, and the threads of a loaded coordinator queued on
                // that lock (18 % of a node's CPU samples under reads, docs/benchmarks.md). A call
                // timeout enters it once per call.
                .connectTimeout(timeout)
                .readTimeout(Duration.ZERO)
                .writeTimeout(Duration.ZERO)
                .callTimeout(timeout)
                .build();
    }

    /** Stops the client's threads and closes its connections when the node shuts down. */
    @Bean
    AutoCloseable clusterHttpClientShutdown(OkHttpClient clusterHttpClient) {
        return () -> {
            clusterHttpClient.dispatcher().cancelAll();
            clusterHttpClient.dispatcher().executorService().shutdown();
            clusterHttpClient.connectionPool().evictAll();
        };
    }

    /** Coordinator timeouts and seed retries. */
    @Bean(destroyMethod = "close")
    ExecutorScheduler clusterScheduler() {
        return new ExecutorScheduler("ringkv-cluster", 2);
    }

    /** Holds this node's ring, kept in the data directory's cluster/. */
    @Bean
    RingKeeper ringKeeper(RingkvProperties properties, Partitioner partitioner) {
        return new RingKeeper(
                partitioner,
                new RingFile(ChannelFileIO.INSTANCE, properties.dataDir().resolve("cluster")));
    }

    @Bean(destroyMethod = "close")
    ClusterMembership clusterMembership(
            RingkvProperties properties,
            RingKeeper ringKeeper,
            OkHttpClient clusterHttpClient,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            NodeGossip nodeGossip) {
        return new ClusterMembership(
                properties,
                clusterHttpClient,
                clusterScheduler,
                nodeGossip::isUp,
                nodeGossip::addressOf,
                nodeGossip::offerRing,
                ringKeeper);
    }

    /** Membership starts once the web server listens, so that a node can answer itself as a seed. */
    @Bean
    ApplicationListener<WebServerInitializedEvent> clusterStarter(
            ClusterMembership membership, NodeGossip gossip, RingkvProperties properties, AutoJoinRunner autoJoin) {
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                membership.onLeft(gossip::leave);
                membership.start(event.getWebServer().getPort());
                gossip.start(membership.self().address(), membership);
                if (properties.cluster().autoJoin() && !properties.seeds().isEmpty()) {
                    autoJoin.start();
                }
            }
        };
    }

    /**
     * The one node that makes ring versions, when this node is it (docs/membership.md): transfers are
     * computed for the largest n of any bucket, at least n_val.
     */
    @Bean
    Claimant claimant(
            RingkvProperties properties,
            RingKeeper ringKeeper,
            ClusterMembership membership,
            NodeGossip nodeGossip,
            BucketCatalog catalog,
            RangeStats rangeStats) {
        Claimant claimant = new Claimant(
                properties.nodeId(),
                ringKeeper,
                nodeGossip::offerRing,
                properties.cluster().name(),
                properties.ring().nVal(),
                () -> {
                    int n = catalog.defaults().n();
                    for (String bucket : catalog.buckets()) {
                        n = Math.max(n, catalog.props(bucket).n());
                    }
                    return n;
                },
                rangeStats);
        // The lowest ring version held here and by every member gossip sees UP.
        claimant.finishWhen(() -> io.ringkv.server.transfer.TransferConfiguration.announced(
                        membership, nodeGossip, properties.nodeId())
                .lowest());
        return claimant;
    }

    /** The claimant ends a transition once every member holds its last ring: checked every gossip interval. */
    @Bean(destroyMethod = "cancel")
    io.ringkv.port.Cancellable claimantTicks(
            Claimant claimant,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            RingkvProperties properties) {
        return clusterScheduler.scheduleAtFixedRate(
                properties.cluster().gossipInterval().toNanos(), () -> {
                    try {
                        claimant.tick();
                    } catch (RuntimeException e) {
                        LOG.warn("the claimant could not end the transition: {}", e.toString());
                    }
                });
    }

    /** Cluster changes run at the claimant: here, or sent to it. Also where transfers are reported done. */
    @Bean
    ClaimantCalls claimantCalls(
            RingkvProperties properties,
            Claimant claimant,
            ClusterMembership membership,
            OkHttpClient clusterHttpClient,
            NodeGossip nodeGossip) {
        return new ClaimantCalls(properties.nodeId(), claimant, membership, clusterHttpClient, nodeGossip::addressOf);
    }

    /** ringkv.cluster.auto-join, tried every two seconds on a thread of its own until this node is a member. */
    @Bean(destroyMethod = "close")
    AutoJoinRunner autoJoinRunner(RingkvProperties properties, ClusterMembership membership, ClaimantCalls calls) {
        return new AutoJoinRunner(new AutoJoin(properties.nodeId(), membership, calls));
    }

    /** Runs {@link AutoJoin} attempts until one says this node is a member. */
    static final class AutoJoinRunner implements AutoCloseable {
        private final AutoJoin autoJoin;
        private ExecutorScheduler scheduler;
        private io.ringkv.port.Cancellable rounds;

        AutoJoinRunner(AutoJoin autoJoin) {
            this.autoJoin = autoJoin;
        }

        synchronized void start() {
            if (scheduler != null) {
                return;
            }
            scheduler = new ExecutorScheduler("ringkv-auto-join", 1);
            rounds = scheduler.scheduleAtFixedRate(TimeUnit.SECONDS.toNanos(2), () -> {
                if (autoJoin.attempt()) {
                    stop();
                }
            });
        }

        private synchronized void stop() {
            if (rounds != null) {
                rounds.cancel();
            }
        }

        @Override
        public synchronized void close() throws InterruptedException {
            stop();
            if (scheduler != null) {
                scheduler.close();
            }
        }
    }

    /** Gossip with the other members: failure detection and their own health (docs/membership.md). */
    @Bean(destroyMethod = "close")
    NodeGossip nodeGossip(
            RingkvProperties properties,
            OkHttpClient clusterHttpClient,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            Clock clock,
            MicrometerMetrics metrics,
            StorageHealthIndicator storageHealth,
            ObjectProvider<HealthEndpoint> healthEndpoint) {
        return new NodeGossip(
                properties,
                new OkHttpGossipTransport(clusterHttpClient),
                clusterScheduler,
                clock,
                metrics,
                // Looked up per round: the health endpoint depends on the cluster's own indicator.
                () -> {
                    HealthEndpoint endpoint = healthEndpoint.getIfAvailable();
                    return endpoint == null
                            ? storageHealth.health().getStatus().getCode()
                            : endpoint.health().getStatus().getCode();
                },
                () -> storageHealth.health().getStatus().getCode());
    }

    /** Hints this node keeps for replicas that were down, under the data directory's hints/. */
    @Bean(destroyMethod = "close")
    HintLog hintLog(RingkvProperties properties, MicrometerMetrics metrics) throws IOException {
        return HintLog.open(ChannelFileIO.INSTANCE, properties.dataDir().resolve("hints"), metrics);
    }

    @Bean
    HintWindow hintWindow(HintLog hintLog, Clock clock, NodeGossip nodeGossip, RingkvProperties properties) {
        return new HintWindow(
                hintLog,
                clock,
                nodeGossip::downSinceMillis,
                properties.handoff().window().toMillis(),
                properties.handoff().maxBacklogPerTarget().toBytes());
    }

    /**
     * This node's replica. It coordinates writes (issues their dots) only of keys whose range it
     * serves in the ring it holds: a coordinator with an older ring may still pick it.
     */
    @Bean
    ReplicaService replicaService(
            ReplicaStore store, HintWindow hintWindow, ClusterMembership membership, RingkvProperties properties) {
        ReplicaService service = new ReplicaService(store, hintWindow);
        service.coordinationGate(
                (bucket, key) -> coordinationRefusal(membership, store, properties.nodeId(), bucket, key));
        return service;
    }

    /** Why this node does not coordinate writes of the key, or null when it serves the key's range. */
    static @Nullable String coordinationRefusal(
            ClusterMembership membership, ReplicaStore store, String self, String bucket, byte[] key) {
        if (membership.hasLeft()) {
            return "this node has left the cluster";
        }
        ClusterView view = membership.view();
        if (view == null) {
            return null;
        }
        int partition = view.placement().partitionOf(bucket, key);
        int n = Math.min(
                store.catalog().props(bucket).n(), Math.max(1, view.placement().clusterSize()));
        if (view.placement().partitionReplicas(partition, n).contains(self)) {
            return null;
        }
        return "partition " + partition + " is not served here in ring version "
                + view.ring().version();
    }

    /**
     * Offers the hints to their replicas once gossip sees them up, throttled; drops those of nodes
     * that are no longer members of the ring or that gossip sees LEFT.
     */
    @Bean(destroyMethod = "stop")
    HintedHandoff hintedHandoff(
            HintWindow hintWindow,
            ReplicaTransport replicaTransport,
            NodeGossip nodeGossip,
            ClusterMembership membership,
            BucketCatalog catalog,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            RingkvProperties properties) {
        HintedHandoff handoff = new HintedHandoff(
                hintWindow,
                replicaTransport,
                nodeGossip::isUp,
                node -> isMember(membership.view(), nodeGossip.members(), node),
                (target, bucket, key) ->
                        hintRoute(membership.view(), b -> catalog.props(b).n(), target, bucket, key),
                clusterScheduler,
                properties.handoff().rate().toBytes(),
                properties.cluster().requestTimeout().toNanos());
        handoff.start(properties.handoff().interval().toNanos());
        return handoff;
    }

    /**
     * Where a hint for {@code target} goes now: to the target while it still serves or receives the
     * key's range (or no ring is known yet), else to every replica that serves or receives it.
     */
    static List<String> hintRoute(
            @Nullable ClusterView view,
            java.util.function.ToIntFunction<String> nOf,
            String target,
            String bucket,
            byte[] key) {
        if (view == null) {
            return List.of(target);
        }
        int n = nOf.applyAsInt(bucket);
        List<String> replicas = new java.util.ArrayList<>(view.placement().preferenceList(bucket, key, n));
        for (String pending : view.placement().pendingReplicas(bucket, key, n)) {
            if (!replicas.contains(pending)) {
                replicas.add(pending);
            }
        }
        return replicas.contains(target) || replicas.isEmpty() ? List.of(target) : List.copyOf(replicas);
    }

    /**
     * Whether {@code node} is a member of the ring and gossip does not see it LEFT; every node is
     * one while this node has no ring yet, so no hint is dropped before the ring is known.
     */
    static boolean isMember(@Nullable ClusterView view, List<Gossiper.Member> heard, String node) {
        if (view == null) {
            return true;
        }
        if (view.member(node) == null) {
            return false;
        }
        for (Gossiper.Member m : heard) {
            if (m.state().node().equals(node)) {
                return m.status() != MemberStatus.LEFT;
            }
        }
        return true;
    }

    /**
     * Virtual threads for synchronous calls to other replicas, where the JVM has them and the
     * setting allows; empty otherwise (calls are then enqueued on OkHttp's dispatcher).
     */
    @Bean
    ReplicaCallThreads replicaCallThreads(RingkvProperties properties) {
        return new ReplicaCallThreads(
                properties.cluster().virtualThreadCalls()
                        ? VirtualThreads.perTaskExecutor().orElse(null)
                        : null);
    }

    /** This node's replica in process, the others over HTTP. */
    @Bean
    ReplicaTransport replicaTransport(
            RingkvProperties properties,
            ClusterMembership membership,
            ReplicaService replicaService,
            OkHttpClient clusterHttpClient,
            ReplicaCallThreads callThreads,
            Clock clock) {
        LOG.info(
                "requests to other replicas run {}",
                callThreads.executor() != null
                        ? "as synchronous calls on virtual threads"
                        : "as asynchronous calls on OkHttp's dispatcher");
        ReplicaTransport remote =
                new OkHttpReplicaTransport(clusterHttpClient, callThreads.executor(), membership::baseUrl);
        int callsPerPeer = properties.cluster().replicaCallsPerPeer();
        if (callsPerPeer > 0) {
            remote = new BatchingTransport(
                    remote,
                    clock,
                    properties.cluster().requestTimeout().toNanos(),
                    callsPerPeer,
                    properties.cluster().replicaBatchSize());
        }
        return new LocalFirstTransport(properties.nodeId(), replicaService, remote);
    }

    /** Where the writes of a batch from another node wait for their sync side by side. */
    @Bean(destroyMethod = "close")
    ReplicaBatchWriters replicaBatchWriters() {
        return ReplicaBatchWriters.create();
    }

    /** The executor of {@link #replicaCallThreads}, shut down with the node (after the client). */
    record ReplicaCallThreads(@Nullable ExecutorService executor) implements AutoCloseable {
        @Override
        public void close() {
            if (executor != null) {
                executor.shutdownNow();
            }
        }
    }

    @Bean
    Coordinator coordinator(
            RingkvProperties properties,
            ClusterMembership membership,
            ReplicaTransport transport,
            @Qualifier("clusterScheduler") ExecutorScheduler clusterScheduler,
            MicrometerMetrics metrics) {
        return new Coordinator(
                properties.nodeId(),
                membership,
                transport,
                clusterScheduler,
                metrics,
                properties.cluster().requestTimeout().toMillis(),
                readFanout(properties.cluster()));
    }

    private static ReadFanout readFanout(RingkvProperties.Cluster cluster) {
        if (cluster.readFanout() == RingkvProperties.ReadFanoutKind.ALL) {
            return ReadFanout.everyReplica();
        }
        return ReadFanout.quorum(
                cluster.speculativeRetry().toNanos(), cluster.readRepairChance(), () -> ThreadLocalRandom.current()
                        .nextDouble());
    }

    @Bean
    PropsBroadcaster propsBroadcaster(
            RingkvProperties properties, ClusterMembership membership, OkHttpClient clusterHttpClient) {
        return new PropsBroadcaster(
                properties.nodeId(),
                membership,
                clusterHttpClient,
                properties.cluster().requestTimeout());
    }

    /** Reported as the {@code cluster} component of /actuator/health, in the readiness group. */
    @Bean
    ClusterHealthIndicator clusterHealthIndicator(ClusterMembership membership, NodeGossip nodeGossip) {
        return new ClusterHealthIndicator(membership, nodeGossip);
    }
}
