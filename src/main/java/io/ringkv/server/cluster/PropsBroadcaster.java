package io.ringkv.server.cluster;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * Pushes a bucket's props, once stored here, to every other member ({@code PUT
 * /internal/v1/buckets/{bucket}/props}); best effort, reporting the members that did not store them.
 */
public final class PropsBroadcaster {
    public static final String MEDIA_TYPE = "application/x-ringkv-bucket-props";
    private static final MediaType BINARY = MediaType.get(MEDIA_TYPE);

    private final String self;
    private final ClusterMembership membership;
    private final OkHttpClient client;
    private final Duration timeout;

    public PropsBroadcaster(String self, ClusterMembership membership, OkHttpClient client, Duration timeout) {
        this.self = self;
        this.membership = membership;
        this.client = client;
        this.timeout = timeout;
    }

    /** The path of a bucket's props at the internal API. */
    public static String path(String bucket) {
        return "/internal/v1/buckets/" + bucket + "/props";
    }

    /**
     * Sends {@code props} to every other member and waits for them all (at most the request timeout
     * and a second).
     *
     * @return the members that did not store the props, each with why; empty when all did
     */
    public List<String> broadcast(String bucket, BucketProps props) throws InterruptedException {
        ClusterView view = membership.requireView();
        byte[] body = BucketPropsCodec.encode(props);
        Map<String, CompletableFuture<String>> sent = new LinkedHashMap<>();
        for (String node : view.memberIds()) {
            if (!node.equals(self)) {
                sent.put(node, send(node, bucket, body));
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos() + TimeUnit.SECONDS.toNanos(1);
        List<String> failures = new ArrayList<>();
        for (Map.Entry<String, CompletableFuture<String>> e : sent.entrySet()) {
            String failure;
            try {
                failure = e.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException t) {
                e.getValue().cancel(true);
                failure = "no answer in time";
            } catch (ExecutionException x) {
                failure = String.valueOf(x.getCause());
            }
            if (failure != null) {
                failures.add(e.getKey() + ": " + failure);
            }
        }
        return failures;
    }

    /** Completes with null when the node stored the props, else with why not. */
    private CompletableFuture<String> send(String node, String bucket, byte[] body) {
        HttpUrl base = membership.baseUrl(node);
        if (base == null) {
            return CompletableFuture.completedFuture("no address known");
        }
        HttpUrl url = base.newBuilder()
                .addPathSegments("internal/v1/buckets")
                .addPathSegment(bucket)
                .addPathSegment("props")
                .build();
        CompletableFuture<String> result = new CompletableFuture<>();
        client.newCall(new Request.Builder()
                        .url(url)
                        .put(RequestBody.create(body, BINARY))
                        .build())
                .enqueue(new Callback() {
                    @Override
                    public void onFailure(Call call, IOException e) {
                        result.complete(e.toString());
                    }

                    @Override
                    public void onResponse(Call call, Response response) {
                        try (response) {
                            result.complete(response.code() == 204 ? null : "answered HTTP " + response.code());
                        }
                    }
                });
        return result;
    }
}
