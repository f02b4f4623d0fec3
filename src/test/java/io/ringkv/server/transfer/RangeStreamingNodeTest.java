package io.ringkv.server.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.TestNode;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import io.ringkv.transfer.RangeChunkCodec;
import io.ringkv.transfer.RangeChunkRequest;
import io.ringkv.transfer.RangeSize;
import io.ringkv.transfer.TransferJob;
import io.ringkv.transfer.TransferScheduler;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A key range streamed out of a real node over its signed internal endpoint into another store. */
class RangeStreamingNodeTest {
    @TempDir
    Path dataDir;

    /** Internal calls signed with the cluster secret, as a member sends them. */
    private static final OkHttpClient SIGNED = new OkHttpClient.Builder()
            .readTimeout(30, TimeUnit.SECONDS)
            .addInterceptor(chain -> chain.proceed(TestNode.signed(chain.request())))
            .build();

    @Test
    void aRangeStreamsOutOfANodeIntoAnotherStore() throws Exception {
        try (TestNode node =
                TestNode.start(dataDir, TestNode.CLUSTER_SECRET_SETTING, "--ringkv.transfer.chunk-bytes=2KB")) {
            Partitioner partitioner = new Partitioner(256);
            int range = partitioner.partitionOf("b", utf8("k0"));
            List<String> inRange = new ArrayList<>();
            for (int i = 0; inRange.size() < 40; i++) {
                String key = "k" + i;
                assertThat(node.put("/v1/buckets/b/keys/" + key, "text/plain", "value-" + key + "-" + "x".repeat(200))
                                .status())
                        .isEqualTo(204);
                if (partitioner.partitionOf("b", utf8(key)) == range) {
                    inRange.add(key);
                }
            }
            OkHttpStreamTransport transport =
                    new OkHttpStreamTransport(SIGNED, id -> HttpUrl.get(node.url("/")), 64L << 20);

            List<RangeSize> sizes = transport.sizes("test-node").get(30, TimeUnit.SECONDS);
            assertThat(sizes)
                    .filteredOn(s -> s.range() == range)
                    .singleElement()
                    .satisfies(s -> assertThat(s.objects()).isEqualTo(inRange.size()));

            SimClock simClock = new SimClock();
            SimFileIO disk = new SimFileIO();
            RecordingMetrics metrics = new RecordingMetrics();
            try (StorageEngine engine = StorageEngine.open(
                            StorageOptions.builder(Path.of("/receiver")).build(),
                            new StorageEnvironment(disk, simClock, new SimScheduler(simClock), metrics));
                    ExecutorScheduler scheduler = new ExecutorScheduler("test-transfer", 2)) {
                ReplicaStore store = new ReplicaStore(
                        engine,
                        BucketCatalog.load(engine, BucketProps.DEFAULTS),
                        partitioner,
                        "receiver",
                        new Hlc(simClock),
                        simClock,
                        ReplicaLimits.DEFAULTS,
                        metrics);
                List<TransferJob> done = new CopyOnWriteArrayList<>();
                TransferScheduler transfers = new TransferScheduler(
                        store,
                        transport,
                        scheduler,
                        SystemClock.INSTANCE,
                        metrics,
                        new TransferScheduler.Settings(0, 1, 2048, 1_000_000L, 100_000_000L, 2, 10),
                        done::add);
                transfers.offer(List.of(new TransferJob(1, range, List.of("test-node"), false)));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
                while (done.isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
                assertThat(done).hasSize(1);
                assertThat(transfers.operations().get(0).chunks()).isGreaterThan(2);
                for (String key : inRange) {
                    List<io.ringkv.kv.Sibling> siblings =
                            store.get("b", utf8(key)).siblings();
                    assertThat(siblings).hasSize(1);
                    Content content = siblings.get(0).content();
                    assertThat(new String(content.value(), StandardCharsets.UTF_8))
                            .isEqualTo("value-" + key + "-" + "x".repeat(200));
                }
                int[] held = {0};
                store.scanPartition(range, (b, k, o) -> held[0]++);
                assertThat(held[0]).isEqualTo(inRange.size());
                assertThat(store.get("b", utf8("k0")).siblings().get(0).dot().node())
                        .as("the node's own dots, merged as they are")
                        .isNotEqualTo("receiver");
            }
        }
    }

    @Test
    void aRequestThatDoesNotDecodeOrNamesNoRangeOfTheRingIsRefused() throws Exception {
        try (TestNode node = TestNode.start(dataDir, TestNode.CLUSTER_SECRET_SETTING)) {
            byte[] good = RangeChunkCodec.encode(new RangeChunkRequest(3, null, 1024));
            byte[] bad = good.clone();
            bad[3] ^= 1;
            TestNode.Reply refused = post(node, bad);
            assertThat(refused.status()).isEqualTo(400);
            assertThat(refused.header("Content-Type")).startsWith("application/problem+json");
            assertThat(refused.json().path("type").asString()).isEqualTo("urn:ringkv:problem:malformed-request");

            TestNode.Reply outside = post(node, RangeChunkCodec.encode(new RangeChunkRequest(300, null, 1024)));
            assertThat(outside.status()).isEqualTo(400);
            assertThat(outside.json().path("type").asString()).isEqualTo("urn:ringkv:problem:invalid-parameter");

            TestNode.Reply ok = post(node, good);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(RangeChunkCodec.decodeChunk(ok.bytes()).entries()).isEmpty();

            TestNode.Reply unsigned = TestNode.execute(new Request.Builder()
                    .url(node.url(OkHttpStreamTransport.RANGE_PATH))
                    .post(RequestBody.create(good, MediaType.get(RangeChunkCodec.MEDIA_TYPE)))
                    .build());
            assertThat(unsigned.status()).isEqualTo(401);
        }
    }

    private static TestNode.Reply post(TestNode node, byte[] body) throws Exception {
        return TestNode.execute(TestNode.signed(new Request.Builder()
                .url(node.url(OkHttpStreamTransport.RANGE_PATH))
                .post(RequestBody.create(body, MediaType.get(RangeChunkCodec.MEDIA_TYPE)))
                .build()));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
