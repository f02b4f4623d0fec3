package io.ringkv.server.transport;

import io.ringkv.port.RepairTransport;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;

/**
 * Anti-entropy requests to other nodes: {@code POST /internal/v1/repair} with the binary {@link
 * RepairCodec} body, on the cluster's pooled OkHttp client. A node that cannot be reached, answers
 * other than 200, answers more than the bound, or answers bytes that do not decode completes the
 * future exceptionally.
 */
public final class OkHttpRepairTransport implements RepairTransport {
    public static final String PATH = "/internal/v1/repair";
    private static final MediaType BINARY = MediaType.get(RepairCodec.MEDIA_TYPE);

    private final OkHttpClient client;
    private final Function<String, HttpUrl> baseUrlOf;
    private final long maxAnswerBytes;

    /**
     * @param baseUrlOf a node id's base URL, or null when unknown
     * @param maxAnswerBytes the largest answer read (a key-list answer stops near its own bound)
     */
    public OkHttpRepairTransport(OkHttpClient client, Function<String, HttpUrl> baseUrlOf, long maxAnswerBytes) {
        this.client = client;
        this.baseUrlOf = baseUrlOf;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public CompletableFuture<RepairResponse> send(String node, RepairRequest request) {
        HttpUrl base = baseUrlOf.apply(node);
        if (base == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        return BinaryCalls.post(
                client,
                null,
                base.newBuilder().encodedPath(PATH).build(),
                BINARY,
                RepairCodec.encode(request),
                node,
                maxAnswerBytes,
                RepairCodec::decodeResponse);
    }
}
