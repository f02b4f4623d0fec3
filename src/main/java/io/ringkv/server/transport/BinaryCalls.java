package io.ringkv.server.transport;

import io.ringkv.kv.EncodingException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;
import org.jspecify.annotations.Nullable;

/**
 * An asynchronous binary POST to another node and its decoded answer: the one way replica requests
 * and gossip travel. A peer that cannot be reached, answers other than 200, answers more than a
 * bound, or answers bytes that do not decode completes the future exceptionally.
 *
 * <p>Given an executor (virtual threads, where {@code ringkv.cluster.virtual-thread-calls} asks for
 * them), the call runs synchronously on one of its threads; otherwise it is enqueued on OkHttp's
 * dispatcher, whose platform threads block on the socket. The two cost the same CPU per call in a
 * three-node cluster under reads (docs/benchmarks.md).
 */
public final class BinaryCalls {
    private BinaryCalls() {}

    /** Turns a peer's answer into a message; fails only with {@link EncodingException}. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] bytes) throws EncodingException;
    }

    /**
     * Posts {@code body} to {@code url}; the call blocks on one of {@code blocking}'s threads when
     * given, or is enqueued on the client's dispatcher when null.
     */
    public static <T> CompletableFuture<T> post(
            OkHttpClient client,
            @Nullable Executor blocking,
            HttpUrl url,
            MediaType type,
            byte[] body,
            String peer,
            long maxAnswerBytes,
            Decoder<T> decoder) {
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, type))
                .build();
        return call(client, blocking, request, peer, maxAnswerBytes, decoder);
    }

    /** Gets {@code url}, enqueued on the client's dispatcher. */
    public static <T> CompletableFuture<T> get(
            OkHttpClient client, HttpUrl url, String peer, long maxAnswerBytes, Decoder<T> decoder) {
        return call(client, null, new Request.Builder().url(url).get().build(), peer, maxAnswerBytes, decoder);
    }

    private static <T> CompletableFuture<T> call(
            OkHttpClient client,
            @Nullable Executor blocking,
            Request request,
            String peer,
            long maxAnswerBytes,
            Decoder<T> decoder) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Call call = client.newCall(request);
        if (blocking != null) {
            try {
                blocking.execute(() -> {
                    try {
                        complete(result, peer, call.execute(), maxAnswerBytes, decoder);
                    } catch (IOException | RuntimeException e) {
                        result.completeExceptionally(e);
                    }
                });
            } catch (RejectedExecutionException e) {
                result.completeExceptionally(new IOException("the node is shutting down", e));
            }
            return result;
        }
        call.enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                complete(result, peer, response, maxAnswerBytes, decoder);
            }
        });
        return result;
    }

    private static <T> void complete(
            CompletableFuture<T> result, String peer, Response response, long maxAnswerBytes, Decoder<T> decoder) {
        // The response is closed (its connection back in the pool) before the future completes:
        // a caller woken by it and sending again at once then reuses the connection instead of
        // opening another.
        byte[] bytes;
        try (response) {
            bytes = read(peer, response, maxAnswerBytes);
        } catch (IOException | RuntimeException e) {
            result.completeExceptionally(e);
            return;
        }
        try {
            result.complete(decoder.decode(bytes));
        } catch (EncodingException | RuntimeException e) {
            result.completeExceptionally(e);
        }
    }

    private static byte[] read(String peer, Response response, long maxBytes) throws IOException {
        if (response.code() != 200) {
            throw new IOException(peer + " answered HTTP " + response.code());
        }
        BufferedSource source = response.body().source();
        if (source.request(maxBytes + 1)) {
            throw new IOException(peer + " answered more than " + maxBytes + " bytes");
        }
        return source.readByteArray();
    }
}
