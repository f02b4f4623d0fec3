package io.ringkv.server.transport;

import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import org.jspecify.annotations.Nullable;

/**
 * Replica requests to other nodes: {@code POST /internal/v1/replica} with the binary {@link
 * ReplicaCodec} body, sent asynchronously on OkHttp's pooled connections. A node that cannot be
 * reached, answers with a non-200 status, or answers bytes that do not decode, completes the future
 * exceptionally; nothing it sent is trusted.
 */
public final class OkHttpReplicaTransport implements ReplicaTransport {
    public static final String PATH = "/internal/v1/replica";
    /** The largest answer read from a replica: an object at its size limit plus framing. */
    private static final long MAX_RESPONSE_BYTES = 64L << 20;

    private static final MediaType BINARY = MediaType.get(ReplicaCodec.MEDIA_TYPE);

    private final OkHttpClient client;
    private final @Nullable Executor blocking;
    private final Function<String, HttpUrl> baseUrlOf;

    /**
     * @param client the shared client (its dispatcher's per-host limit bounds concurrent requests
     *     to one node)
     * @param baseUrlOf a node id's base URL ({@code http://host:port}), or null when unknown
     */
    public OkHttpReplicaTransport(OkHttpClient client, Function<String, HttpUrl> baseUrlOf) {
        this(client, null, baseUrlOf);
    }

    /**
     * @param blocking where calls run synchronously (virtual threads), or null to enqueue them on
     *     the client's dispatcher
     */
    public OkHttpReplicaTransport(
            OkHttpClient client, @Nullable Executor blocking, Function<String, HttpUrl> baseUrlOf) {
        this.client = client;
        this.blocking = blocking;
        this.baseUrlOf = baseUrlOf;
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        HttpUrl url = urlOf(node);
        if (url == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        return BinaryCalls.post(
                client,
                blocking,
                url,
                BINARY,
                ReplicaCodec.encode(request),
                node,
                MAX_RESPONSE_BYTES,
                ReplicaCodec::decodeResponse);
    }

    /** The requests in one call, as one {@link ReplicaCodec} batch; its answer is a batch too. */
    @Override
    public CompletableFuture<List<ReplicaResponse>> sendAll(String node, List<ReplicaRequest> requests) {
        HttpUrl url = urlOf(node);
        if (url == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        int count = requests.size();
        return BinaryCalls.post(
                client,
                blocking,
                url,
                BINARY,
                ReplicaCodec.encodeRequests(requests),
                node,
                MAX_RESPONSE_BYTES * count,
                bytes -> ReplicaCodec.decodeResponses(bytes, count));
    }

    private @Nullable HttpUrl urlOf(String node) {
        HttpUrl base = baseUrlOf.apply(node);
        return base == null ? null : base.newBuilder().encodedPath(PATH).build();
    }
}
