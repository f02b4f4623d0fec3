package io.ringkv.server.transport;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.coordinator.BatchingTransport;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.server.TestNode;
import io.ringkv.server.runtime.SystemClock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replica requests batched per peer, over real HTTP to a real node: every request gets its own
 * answer, every write is stored, and many requests travel in few calls.
 */
class BatchedReplicaCallsTest {
    @TempDir
    static Path dataDir;

    static TestNode node;
    static OkHttpClient client;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir, "--ringkv.node-id=peer");
        client = new OkHttpClient.Builder().readTimeout(10, TimeUnit.SECONDS).build();
    }

    @AfterAll
    static void stop() {
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
        node.close();
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static WriteRequest write(String value) {
        return new WriteRequest(
                null, Content.value("text/plain", bytes(value), Content.NO_EXPIRY), false, ConflictResolution.SIBLINGS);
    }

    private static String value(ReplicaResponse response) {
        VersionedObject object = ((ReplicaResponse.Versions) response).object();
        assertThat(object.siblings()).hasSize(1);
        return new String(object.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    @Test
    void oneCallCarriesABatchAndBringsBackEachAnswerInOrder() throws Exception {
        OkHttpReplicaTransport http = new OkHttpReplicaTransport(client, id -> HttpUrl.get(node.url("/")));
        List<ReplicaRequest> requests = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            requests.add(new ReplicaRequest.Coordinate("batch", bytes("k" + i), write("v" + i)));
        }

        List<ReplicaResponse> responses = http.sendAll("peer", requests).get(10, TimeUnit.SECONDS);

        assertThat(responses).hasSize(20);
        for (int i = 0; i < 20; i++) {
            assertThat(value(responses.get(i))).isEqualTo("v" + i);
        }
        List<ReplicaRequest> reads = new ArrayList<>();
        for (int i = 19; i >= 0; i--) {
            reads.add(new ReplicaRequest.Get("batch", bytes("k" + i)));
        }
        List<ReplicaResponse> read = http.sendAll("peer", reads).get(10, TimeUnit.SECONDS);
        for (int i = 0; i < 20; i++) {
            assertThat(value(read.get(i))).isEqualTo("v" + (19 - i));
        }
    }

    @Test
    void manyConcurrentRequestsThroughOneCallInFlightAreAllAnsweredInFewerCalls() throws Exception {
        OkHttpReplicaTransport http = new OkHttpReplicaTransport(client, id -> HttpUrl.get(node.url("/")));
        AtomicInteger calls = new AtomicInteger();
        ReplicaTransport counted = new ReplicaTransport() {
            @Override
            public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
                calls.incrementAndGet();
                return http.send(node, request);
            }

            @Override
            public CompletableFuture<List<ReplicaResponse>> sendAll(String node, List<ReplicaRequest> requests) {
                calls.incrementAndGet();
                return http.sendAll(node, requests);
            }
        };
        BatchingTransport batching = new BatchingTransport(counted, SystemClock.INSTANCE, 10_000_000_000L, 1, 64);

        List<CompletableFuture<ReplicaResponse>> writes = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            writes.add(batching.send("peer", new ReplicaRequest.Coordinate("many", bytes("k" + i), write("v" + i))));
        }
        for (int i = 0; i < 200; i++) {
            assertThat(value(writes.get(i).get(10, TimeUnit.SECONDS))).isEqualTo("v" + i);
        }

        assertThat(calls.get())
                .as("200 writes with one call in flight at a time")
                .isLessThan(200);
        for (int i = 0; i < 200; i += 37) {
            assertThat(node.get("/v1/buckets/many/keys/k" + i).body()).isEqualTo("v" + i);
        }
    }
}
