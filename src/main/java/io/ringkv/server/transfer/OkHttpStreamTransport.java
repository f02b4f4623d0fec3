package io.ringkv.server.transfer;

import io.ringkv.server.transport.BinaryCalls;
import io.ringkv.transfer.RangeChunk;
import io.ringkv.transfer.RangeChunkCodec;
import io.ringkv.transfer.RangeChunkRequest;
import io.ringkv.transfer.RangeSize;
import io.ringkv.transfer.StreamTransport;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;

/**
 * Range streaming requests to other nodes on the cluster's pooled (signed) OkHttp client: {@code POST
 * /internal/v1/range} with a {@link RangeChunkCodec} request, and {@code GET
 * /internal/v1/ranges/stats}. A node that cannot be reached, answers other than 200, answers more
 * than the bound, or answers bytes that do not decode (a wrong checksum included) completes the
 * future exceptionally.
 */
public final class OkHttpStreamTransport implements StreamTransport {
    public static final String RANGE_PATH = "/internal/v1/range";
    public static final String SIZES_PATH = "/internal/v1/ranges/stats";
    private static final MediaType BINARY = MediaType.get(RangeChunkCodec.MEDIA_TYPE);
    /** Bounds the sizes answer: 18 bytes per range of at most 65,536. */
    private static final long MAX_SIZES_BYTES = 2L << 20;

    private final OkHttpClient client;
    private final Function<String, HttpUrl> baseUrlOf;
    private final long maxAnswerBytes;

    /**
     * @param baseUrlOf a node id's base URL, or null when unknown
     * @param maxAnswerBytes the largest chunk answer read (the budget plus the largest object)
     */
    public OkHttpStreamTransport(OkHttpClient client, Function<String, HttpUrl> baseUrlOf, long maxAnswerBytes) {
        this.client = client;
        this.baseUrlOf = baseUrlOf;
        this.maxAnswerBytes = maxAnswerBytes;
    }

    @Override
    public CompletableFuture<RangeChunk> fetch(String node, RangeChunkRequest request) {
        HttpUrl base = baseUrlOf.apply(node);
        if (base == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        return BinaryCalls.post(
                client,
                null,
                base.newBuilder().encodedPath(RANGE_PATH).build(),
                BINARY,
                RangeChunkCodec.encode(request),
                node,
                maxAnswerBytes,
                RangeChunkCodec::decodeChunk);
    }

    @Override
    public CompletableFuture<List<RangeSize>> sizes(String node) {
        HttpUrl base = baseUrlOf.apply(node);
        if (base == null) {
            return CompletableFuture.failedFuture(new IOException("no address known for node " + node));
        }
        return BinaryCalls.get(
                client,
                base.newBuilder().encodedPath(SIZES_PATH).build(),
                node,
                MAX_SIZES_BYTES,
                RangeChunkCodec::decodeSizes);
    }
}
