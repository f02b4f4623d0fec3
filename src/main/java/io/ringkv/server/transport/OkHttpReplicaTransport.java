package io.ringkv.server.transport;

import io.ringkv.kv.EncodingException;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.replica.ReplicaCodec;
import io.ringkv.replica.ReplicaRequest;
import io.ringkv.replica.ReplicaResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

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
    private final Function<String, HttpUrl> baseUrlOf;

    /**
     * @param client the shared client (its dispatcher's per-host limit bounds concurrent requests
     *     to one node)
     * @param baseUrlOf a node id's base URL ({@code http://host:port}), or null when unknown
     */
    public OkHttpReplicaTransport(OkHttpClient client, Function<String, HttpUrl> baseUrlOf) {
        this.client = client;
        this.baseUrlOf = baseUrlOf;
    }

    @Override
    public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
        HttpUrl base = baseUrlOf.apply(node);
        if (base == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        Request http = new Request.Builder()
                .url(base.newBuilder().encodedPath(PATH).build())
                .post(RequestBody.create(ReplicaCodec.encode(request), BINARY))
                .build();
        CompletableFuture<ReplicaResponse> result = new CompletableFuture<>();
        Call call = client.newCall(http);
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call c, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call c, Response response) {
                // The response is closed (its connection back in the pool) before the future
                // completes: a caller woken by it and sending again at once then reuses the
                // connection instead of opening another.
                byte[] bytes;
                try (response) {
                    bytes = AnswerBodies.read(node, response, MAX_RESPONSE_BYTES);
                } catch (IOException | RuntimeException e) {
                    result.completeExceptionally(e);
                    return;
                }
                try {
                    result.complete(ReplicaCodec.decodeResponse(bytes));
                } catch (EncodingException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        // A coordinator that gives up (timeout) cancels the call, freeing its connection.
        result.whenComplete((r, e) -> {
            if (result.isCancelled()) {
                call.cancel();
            }
        });
        return result;
    }
}
