package io.ringkv.server.cluster;

import io.ringkv.membership.GossipCodec;
import io.ringkv.membership.GossipMessage;
import io.ringkv.membership.GossipTransport;
import io.ringkv.server.transport.BinaryCalls;
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

/** Gossip between nodes: {@code POST /internal/v1/gossip} with {@link GossipCodec} bodies. */
public final class OkHttpGossipTransport implements GossipTransport {
    public static final String PATH = "/internal/v1/gossip";
    public static final String MEDIA_TYPE = "application/x-ringkv-gossip";
    private static final MediaType BINARY = MediaType.get(MEDIA_TYPE);
    private static final long MAX_ANSWER_BYTES = 16L << 20;

    private final OkHttpClient client;

    public OkHttpGossipTransport(OkHttpClient client) {
        this.client = client;
    }

    @Override
    public CompletableFuture<GossipMessage.Ack> syn(String address, GossipMessage.Syn syn) {
        HttpUrl url = HttpUrl.parse("http://" + address + PATH);
        if (url == null) {
            return CompletableFuture.failedFuture(new IOException("not an address: " + address));
        }
        return BinaryCalls.post(
                client,
                /* blocking= */ null,
                url,
                BINARY,
                GossipCodec.encode(syn),
                address,
                MAX_ANSWER_BYTES,
                bytes -> GossipCodec.decode(bytes, GossipMessage.Ack.class));
    }

    @Override
    public void ack2(String address, GossipMessage.Ack2 ack2) {
        HttpUrl url = HttpUrl.parse("http://" + address + PATH);
        if (url == null) {
            return;
        }
        client.newCall(post(url, GossipCodec.encode(ack2))).enqueue(new Callback() {
            @Override
            public void onFailure(Call call, IOException e) {
                // gossip repeats; a lost last step is made good by the next round
            }

            @Override
            public void onResponse(Call call, Response response) {
                response.close();
            }
        });
    }

    private static Request post(HttpUrl url, byte[] body) {
        return new Request.Builder()
                .url(url)
                .post(RequestBody.create(body, BINARY))
                .build();
    }
}
