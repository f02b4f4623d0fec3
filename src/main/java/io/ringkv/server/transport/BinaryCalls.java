package io.ringkv.server.transport;

import io.ringkv.kv.EncodingException;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * An asynchronous binary POST to another node and its decoded answer: the one way replica requests
 * and gossip travel. A peer that cannot be reached, answers other than 200, answers more than a
 * bound, or answers bytes that do not decode completes the future exceptionally.
 */
public final class BinaryCalls {
    private BinaryCalls() {}

    /** Turns a peer's answer into a message; fails only with {@link EncodingException}. */
    @FunctionalInterface
    public interface Decoder<T> {
        T decode(byte[] bytes) throws EncodingException;
    }

    public static <T> CompletableFuture<T> post(
            OkHttpClient client,
            HttpUrl url,
            MediaType type,
            byte[] body,
            String peer,
            long maxAnswerBytes,
            Decoder<T> decoder) {
        CompletableFuture<T> result = new CompletableFuture<>();
        Request request = new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, type))
                .build();
        client.newCall(request).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                result.completeExceptionally(e);
            }

            @Override
            public void onResponse(Call call, Response response) {
                // The response is closed (its connection back in the pool) before the future
                // completes: a caller woken by it and sending again at once then reuses the
                // connection instead of opening another.
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
        });
        return result;
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
