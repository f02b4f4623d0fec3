package io.ringkv.server.internal;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaService;
import io.ringkv.server.api.ApiException;
import io.ringkv.server.api.ProblemType;
import io.ringkv.server.api.RequestRules;
import io.ringkv.server.cluster.ClusterMembership;
import io.ringkv.server.cluster.NodeDescription;
import io.ringkv.server.cluster.NodeGossip;
import io.ringkv.server.cluster.OkHttpGossipTransport;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.server.runtime.ReplicaBatchWriters;
import io.ringkv.server.security.InternalSignature;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The node-to-node API under {@code /internal/v1}: replica requests in {@link ReplicaCodec}'s binary
 * form, this node's description for membership, and bucket props pushed from another member. Not part
 * of the client API (nor of its OpenAPI document).
 */
@RestController
public class InternalController {
    private final ReplicaService replicas;
    private final BucketCatalog catalog;
    private final ClusterMembership membership;
    private final RequestRules rules;
    private final NodeGossip gossip;
    private final long maxBodyBytes;
    private final ReplicaBatchWriters batchWriters;
    private final InternalRejections rejections;
    private static final MediaType REPLICA_TYPE = MediaType.parseMediaType(ReplicaCodec.MEDIA_TYPE);

    public InternalController(
            ReplicaService replicas,
            BucketCatalog catalog,
            ClusterMembership membership,
            RequestRules rules,
            NodeGossip gossip,
            RingkvProperties properties,
            ReplicaBatchWriters batchWriters,
            InternalRejections rejections) {
        this.batchWriters = batchWriters;
        this.rejections = rejections;
        this.replicas = replicas;
        this.catalog = catalog;
        this.membership = membership;
        this.rules = rules;
        this.gossip = gossip;
        this.maxBodyBytes = maxBodyBytes(properties);
    }

    /** The largest internal request body: a merge carries an object at its limit, a write a value at its limit. */
    public static long maxBodyBytes(RingkvProperties properties) {
        return properties.limits().objectMaxSize().toBytes()
                + properties.limits().maxValueSize().toBytes()
                + (1 << 20);
    }

    @PostMapping(OkHttpReplicaTransport.PATH)
    public ResponseEntity<byte[]> replica(HttpServletRequest request) throws IOException {
        byte[] body = body(request);
        byte[] answer;
        try {
            answer = ReplicaCodec.isBatch(body)
                    ? ReplicaCodec.encodeResponses(
                            replicas.handleAll(ReplicaCodec.decodeRequests(body), batchWriters.executor()))
                    : ReplicaCodec.encode(replicas.handle(ReplicaCodec.decodeRequest(body)));
        } catch (EncodingException e) {
            rejections.rejected("replica", "undecodable", source(request), e.getMessage());
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "not a replica request: " + e.getMessage());
        }
        return ResponseEntity.ok().contentType(REPLICA_TYPE).body(answer);
    }

    /**
     * One gossip message; a Syn is answered with its Ack, the rest with 204. Gossip that does not
     * decode or comes from another cluster changes nothing (the gossiper counts and logs it) and is
     * answered 204 all the same: the sender learns nothing it could act on.
     */
    @PostMapping(OkHttpGossipTransport.PATH)
    public ResponseEntity<byte[]> gossip(HttpServletRequest request) throws IOException {
        return gossip.receive(body(request))
                .map(ack -> ResponseEntity.ok()
                        .contentType(MediaType.parseMediaType(OkHttpGossipTransport.MEDIA_TYPE))
                        .body(ack))
                .orElseGet(() -> ResponseEntity.noContent().build());
    }

    @GetMapping(path = ClusterMembership.NODE_PATH, produces = MediaType.APPLICATION_JSON_VALUE)
    public NodeDescription node() {
        return membership.self();
    }

    @PutMapping("/internal/v1/buckets/{bucket}/props")
    public ResponseEntity<Void> props(@PathVariable String bucket, HttpServletRequest request) throws IOException {
        String b = rules.bucket(bucket);
        BucketProps props;
        try {
            props = BucketPropsCodec.decode(body(request));
        } catch (EncodingException e) {
            rejections.rejected("props", "undecodable", source(request), e.getMessage());
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "not bucket props: " + e.getMessage());
        }
        if (props == null) {
            rejections.rejected("props", "empty", source(request), "no bucket props in the body");
            throw new ApiException(ProblemType.MALFORMED_REQUEST, "the body holds no bucket props");
        }
        if (!props.problems().isEmpty()) {
            rejections.rejected("props", "invalid", source(request), String.join("; ", props.problems()));
            throw new ApiException(ProblemType.INVALID_BUCKET_PROPS, String.join("; ", props.problems()));
        }
        synchronized (catalog) {
            catalog.setProps(b, props);
        }
        return ResponseEntity.noContent().build();
    }

    /** The calling member as it names itself (in a signed call) and its address. */
    static String source(HttpServletRequest request) {
        String node = request.getHeader(InternalSignature.NODE_HEADER);
        return node == null ? request.getRemoteAddr() : node + " at " + request.getRemoteAddr();
    }

    private byte[] body(HttpServletRequest request) throws IOException {
        if (request.getContentLengthLong() > maxBodyBytes) {
            throw tooLarge();
        }
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBodyBytes + 1));
            if (bytes.length > maxBodyBytes) {
                throw tooLarge();
            }
            return bytes;
        }
    }

    private ApiException tooLarge() {
        return new ApiException(
                ProblemType.BODY_TOO_LARGE, "an internal request body is limited to " + maxBodyBytes + " bytes");
    }
}
