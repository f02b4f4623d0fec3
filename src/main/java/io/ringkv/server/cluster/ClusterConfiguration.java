package io.ringkv.server.cluster;

import io.ringkv.membership.Claimant;
import io.ringkv.membership.Gossiper;
import io.ringkv.membership.MemberStatus;
import io.ringkv.membership.RingKeeper;
import io.ringkv.port.Clock;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.RingFile;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.health.StorageHealthIndicator;
import io.ringkv.server.metrics.MicrometerMetrics;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.ReplicaBatchWriters;
import io.ringkv.server.security.InternalCalls;
import java.time.Duration;
import java.util.List;
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
import org.springframework.context.ConfigurableApplicationContext;
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
            ClusterMembership membership,
            NodeGossip gossip,
            RingkvProperties properties,
            AutoJoinRunner autoJoin,
            ConfigurableApplicationContext context) {
        // Long enough for gossip to carry LEFT to the members before this node goes quiet.
        Duration gossipRounds = properties.cluster().gossipInterval().multipliedBy(5);
        LeftNodeStop stop = new LeftNodeStop(
                context, gossipRounds.compareTo(Duration.ofSeconds(2)) < 0 ? Duration.ofSeconds(2) : gossipRounds);
        return event -> {
            if (event.getApplicationContext().getServerNamespace() == null) {
                membership.onLeft(() -> {
                    gossip.leave();
                    if (properties.cluster().stopWhenLeft()) {
                        stop.stopSoon();
                    }
                });
                membership.start(event.getWebServer().getPort());
                gossip.start(membership.self().address(), membership);
                if (membership.hasLeft()) {
                    gossip.leave(); // it left before this start: members keep seeing it LEFT
                }
                if (properties.cluster().autoJoin() && !properties.seeds().isEmpty()) {
                    autoJoin.start();
                }
            }
        };
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
            ObjectProvider<StorageHealthIndicator> storageHealth,
            ObjectProvider<HealthEndpoint> healthEndpoint) {
        return new NodeGossip(
                properties,
                new OkHttpGossipTransport(clusterHttpClient),
                clusterScheduler,
                clock,
                metrics,
                // Looked up per round: the health endpoint depends on the cluster's own indicator, and
                // the storage indicator on the node, which is assembled over gossip's view.
                () -> {
                    HealthEndpoint endpoint = healthEndpoint.getIfAvailable();
                    return endpoint == null
                            ? storageHealth.getObject().health().getStatus().getCode()
                            : endpoint.health().getStatus().getCode();
                },
                () -> storageHealth.getObject().health().getStatus().getCode());
    }

    /**
     * Where a hint for {@code target} goes now: to the target while it still serves or receives the
     * key's range (or no ring is known yet), else to every replica that serves or receives it.
     */
    public static List<String> hintRoute(
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
    public static boolean isMember(@Nullable ClusterView view, List<Gossiper.Member> heard, String node) {
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

    /** Where the writes of a batch from another node wait for their sync side by side. */
    @Bean(destroyMethod = "close")
    ReplicaBatchWriters replicaBatchWriters() {
        return ReplicaBatchWriters.create();
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
