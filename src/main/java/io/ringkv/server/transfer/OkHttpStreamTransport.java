package io.ringkv.server.transfer;

import io.ringkv.kv.EncodingException;
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
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okio.BufferedSource;

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
        CompletableFuture<List<RangeSize>> result = new CompletableFuture<>();
        Request request = new Request.Builder()
                .url(base.newBuilder().encodedPath(SIZES_PATH).build())
                .get()
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                try (response) {
                    if (response.code() != 200) {
                        throw new IOException(node + " answered HTTP " + response.code());
                    }
                    BufferedSource source = response.body().source();
                    if (source.request(MAX_SIZES_BYTES + 1)) {
                        throw new IOException(node + " answered more than " + MAX_SIZES_BYTES + " bytes");
                    }
                    result.complete(RangeChunkCodec.decodeSizes(source.readByteArray()));
                } catch (IOException | EncodingException | RuntimeException e) {
                    result.completeExceptionally(e);
                }
            }
        });
        return result;
    }
}
