package io.ringkv.server.api;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.Sibling;
import io.ringkv.kv.VersionedObject;
import io.ringkv.membership.Gossiper;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.ClusterView;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.config.RingkvProperties;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.jspecify.annotations.Nullable;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What each replica of a key holds, read from every node of its preference list as it is: no
 * quorum, no read repair, nothing written.
 */
@RestController
@RequestMapping("/v1/admin")
public class KeyReplicasController implements KeyReplicasApiDocs {
    private final ClusterMembership membership;
    private final BucketCatalog catalog;
    private final RequestRules rules;
    private final NodeGossip gossip;
    private final ReplicaTransport transport;
    private final long timeoutMillis;

    public KeyReplicasController(
            ClusterMembership membership,
            BucketCatalog catalog,
            RequestRules rules,
            NodeGossip gossip,
            ReplicaTransport transport,
            RingkvProperties properties) {
        this.membership = membership;
        this.catalog = catalog;
        this.rules = rules;
        this.gossip = gossip;
        this.transport = transport;
        this.timeoutMillis = properties.cluster().requestTimeout().toMillis();
    }

    /**
     * One version a replica holds.
     *
     * @param dot the write event that made it: the node that coordinated it and its counter there
     * @param lastModified when it was written (the coordinator's hybrid clock)
     * @param deleted a tombstone
     * @param contentType its content type (empty for a tombstone)
     * @param size its value's size in bytes
     * @param expiresAt when it expires, or null
     */
    public record VersionBody(
            String dot,
            String lastModified,
            boolean deleted,
            String contentType,
            int size,
            @Nullable String expiresAt) {}

    /**
     * One replica's answer.
     *
     * @param node the replica's node id
     * @param status its status as this node's gossip sees it (UP, SUSPECT, DOWN, LEFT, or UNKNOWN)
     * @param found it answered and holds at least one version (a tombstone counts)
     * @param siblings how many versions it holds
     * @param context its causal context, as the X-Ringkv-Context header carries it (null when it did not
     *     answer)
     * @param vector the same context as node → counter
     * @param versions the versions, by dot
     * @param error why it gave no answer (unreachable, timed out, its storage failed), or null
     */
    public record ReplicaBody(
            String node,
            String status,
            boolean found,
            int siblings,
            @Nullable String context,
            Map<String, Long> vector,
            List<VersionBody> versions,
            @Nullable String error) {}

    /**
     * Where a key lives and what each of its replicas holds.
     *
     * @param bucket the bucket
     * @param key the key
     * @param partition the key's partition
     * @param n the bucket's replica count
     * @param preferenceList its replicas, the partition's owner first
     * @param replicas each replica's answer, in preference-list order
     */
    public record KeyReplicasBody(
            String bucket, String key, int partition, int n, List<String> preferenceList, List<ReplicaBody> replicas) {}

    @Override
    @GetMapping("/keys/{bucket}/{key}")
    @ClientOperation("admin-key-replicas")
    public KeyReplicasBody describe(@PathVariable String bucket, @PathVariable String key) {
        String b = rules.bucket(bucket);
        byte[] k = rules.key(key);
        ClusterView view = membership.requireView();
        BucketProps props = catalog.props(b);
        int partition = view.placement().partitionOf(b, k);
        List<String> nodes = view.placement().preferenceList(b, k, props.n());
        List<CompletableFuture<ReplicaResponse>> answers = new ArrayList<>(nodes.size());
        for (String node : nodes) {
            answers.add(
                    transport.send(node, new ReplicaRequest.Get(b, k)).orTimeout(timeoutMillis, TimeUnit.MILLISECONDS));
        }
        Map<String, String> statuses = new HashMap<>();
        for (Gossiper.Member m : gossip.members()) {
            statuses.put(m.state().node(), m.status().name());
        }
        List<ReplicaBody> replicas = new ArrayList<>(nodes.size());
        for (int i = 0; i < nodes.size(); i++) {
            String node = nodes.get(i);
            replicas.add(replica(node, statuses.getOrDefault(node, "UNKNOWN"), answers.get(i)));
        }
        return new KeyReplicasBody(b, key, partition, props.n(), nodes, replicas);
    }

    private static ReplicaBody replica(String node, String status, CompletableFuture<ReplicaResponse> answer) {
        ReplicaResponse response;
        try {
            response = answer.join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            String error = cause instanceof TimeoutException
                    ? "no answer in time"
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
            return failed(node, status, error);
        }
        if (response instanceof ReplicaResponse.Versions versionsAnswer) {
            VersionedObject object = versionsAnswer.object();
            List<VersionBody> versions = new ArrayList<>();
            for (Sibling s : object.siblings()) {
                versions.add(new VersionBody(
                        s.dot().node() + ":" + s.dot().counter(),
                        Instant.ofEpochMilli(s.lastModifiedMillis()).toString(),
                        s.deleted(),
                        s.content().contentType(),
                        s.content().value().length,
                        s.content().expiresAtMillis() == 0
                                ? null
                                : Instant.ofEpochMilli(s.content().expiresAtMillis())
                                        .toString()));
            }
            return new ReplicaBody(
                    node,
                    status,
                    !object.isEmpty(),
                    versions.size(),
                    ContextCodec.encode(object),
                    object.context().entries(),
                    versions,
                    null);
        }
        if (response instanceof ReplicaResponse.Failed failure) {
            return failed(node, status, "its storage failed: " + failure.message());
        }
        return failed(node, status, "unexpected answer " + response.getClass().getSimpleName());
    }

    private static ReplicaBody failed(String node, String status, String error) {
        return new ReplicaBody(node, status, false, 0, null, Map.of(), List.of(), error);
    }
}
