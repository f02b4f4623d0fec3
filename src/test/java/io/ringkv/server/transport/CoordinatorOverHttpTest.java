package io.ringkv.server.transport;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.core.WireMockConfiguration;
import com.github.tomakehurst.wiremock.http.Fault;
import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.QuorumNotMetException;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.coordinator.ReadResult;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Hlc;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.node.LocalFirstTransport;
import io.ringkv.port.Metrics;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaService;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.server.runtime.ChannelFileIO;
import io.ringkv.server.runtime.ExecutorScheduler;
import io.ringkv.server.runtime.SystemClock;
import io.ringkv.storage.StorageEngine;
import io.ringkv.storage.StorageEnvironment;
import io.ringkv.storage.StorageOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The coordinator over real HTTP facing replicas that misbehave (WireMock stands in for nodes b and
 * c; this node's own replica is real): slow, failing, hanging up, answering garbage. Every request
 * ends with the right outcome within the coordinator's timeout, and the real replica's data is
 * never damaged.
 */
class CoordinatorOverHttpTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);
    /** Well below the slow stub's 3 s delay, and well above a loaded machine's first WireMock answer. */
    private static final long TIMEOUT_MILLIS = 1500;

    @TempDir
    Path dataDir;

    private final WireMockServer b =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private final WireMockServer c =
            new WireMockServer(WireMockConfiguration.options().dynamicPort());
    private ExecutorScheduler scheduler;
    private StorageEngine engine;
    private ReplicaStore local;
    private OkHttpClient client;
    private Coordinator coordinator;

    @BeforeEach
    void start() throws Exception {
        b.start();
        c.start();
        scheduler = new ExecutorScheduler("test", 2);
        engine = StorageEngine.open(
                StorageOptions.builder(dataDir).build(),
                new StorageEnvironment(ChannelFileIO.INSTANCE, SystemClock.INSTANCE, scheduler, Metrics.noop()));
        local = new ReplicaStore(
                engine,
                BucketCatalog.load(engine, BucketProps.DEFAULTS),
                new Partitioner(16),
                "a",
                new Hlc(SystemClock.INSTANCE),
                SystemClock.INSTANCE,
                ReplicaLimits.DEFAULTS,
                Metrics.noop());
        client = new OkHttpClient.Builder()
                .readTimeout(2, TimeUnit.SECONDS)
                .retryOnConnectionFailure(false)
                .build();
        OkHttpReplicaTransport remote = new OkHttpReplicaTransport(client, node -> switch (node) {
            case "b" -> HttpUrl.get(b.baseUrl());
            case "c" -> HttpUrl.get(c.baseUrl());
            default -> null;
        });
        Placement placement = new Placement() {
            @Override
            public List<String> preferenceList(String bucket, byte[] key, int n) {
                return List.of("a", "b", "c").subList(0, n);
            }

            @Override
            public int clusterSize() {
                return 3;
            }
        };
        coordinator = new Coordinator(
                "a",
                placement,
                new LocalFirstTransport("a", new ReplicaService(local), remote),
                scheduler,
                Metrics.noop(),
                TIMEOUT_MILLIS,
                ReadFanout.everyReplica());
    }

    @AfterEach
    void stop() throws Exception {
        b.stop();
        c.stop();
        client.dispatcher().executorService().shutdownNow();
        client.connectionPool().evictAll();
        engine.close();
        scheduler.close();
    }

    private static ResponseDefinitionBuilder answers(VersionedObject object) {
        return aResponse()
                .withStatus(200)
                .withHeader("Content-Type", ReplicaCodec.MEDIA_TYPE)
                .withBody(ReplicaCodec.encode(new ReplicaResponse.Versions(object)));
    }

    private static void stub(WireMockServer server, ResponseDefinitionBuilder response) {
        server.stubFor(post(urlEqualTo(OkHttpReplicaTransport.PATH)).willReturn(response));
    }

    private CompletableFuture<VersionedObject> put(String value, int w) {
        WriteRequest write = new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
        return coordinator.put(
                "bkt", KEY, write, BucketProps.DEFAULTS, new RequestQuorum(null, Quorum.of(w), null, null, null));
    }

    private CompletableFuture<ReadResult> get(int r) {
        return coordinator.get(
                "bkt", KEY, BucketProps.DEFAULTS, new RequestQuorum(Quorum.of(r), null, null, null, null));
    }

    /** Waits well past the coordinator's timeout: a request that is still open by then hangs. */
    private static <T> T settle(CompletableFuture<T> future) throws Exception {
        return future.get(5, TimeUnit.SECONDS);
    }

    private String localValue() throws Exception {
        VersionedObject object = local.get("bkt", KEY);
        assertThat(object.siblings()).hasSize(1);
        return new String(object.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    @Test
    void healthyReplicasOverHttpMakeAQuorumAndReceiveTheWrite() throws Exception {
        stub(b, answers(VersionedObject.ABSENT));
        stub(c, answers(VersionedObject.ABSENT));

        VersionedObject stored = settle(put("v", 3));

        assertThat(stored.siblings()).hasSize(1);
        assertThat(localValue()).isEqualTo("v");
        b.verify(postRequestedFor(urlEqualTo(OkHttpReplicaTransport.PATH)));
        c.verify(postRequestedFor(urlEqualTo(OkHttpReplicaTransport.PATH)));
        byte[] sent = b.getAllServeEvents().get(0).getRequest().getBody();
        assertThat(ReplicaCodec.decodeRequest(sent).bucket()).isEqualTo("bkt");
    }

    @Test
    void aSlowReplicaFailsAQuorumThatNeedsItWithinTheTimeoutAndIsNotNeededOtherwise() throws Exception {
        stub(b, answers(VersionedObject.ABSENT).withFixedDelay(3_000));
        stub(c, answers(VersionedObject.ABSENT));

        assertThat(settle(put("v1", 2)).siblings()).hasSize(1);
        CompletableFuture<VersionedObject> all = put("v2", 3);

        assertThatThrownBy(() -> settle(all))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("b: no answer in time");
    }

    @Test
    void aFailingReplicaIsNamedWithItsStatus() throws Exception {
        stub(b, aResponse().withStatus(500).withBody("boom"));
        stub(c, answers(VersionedObject.ABSENT));

        assertThatThrownBy(() -> settle(put("v", 3)))
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("b: IOException: b answered HTTP 500");
        assertThat(localValue()).isEqualTo("v");
    }

    @Test
    void replicasThatHangUpOrSendNothingAreFailuresNotHangs() throws Exception {
        stub(b, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        stub(c, aResponse().withFault(Fault.EMPTY_RESPONSE));

        assertThatThrownBy(() -> settle(put("v", 2)))
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("b: ")
                .hasMessageContaining("c: ");
        assertThat(settle(put("v2", 1)).siblings()).isNotEmpty();
    }

    @Test
    void garbageAnswersAreRejectedAndNeverReachTheLocalReplica() throws Exception {
        byte[] garbage = new byte[512];
        new Random(7).nextBytes(garbage);
        stub(b, aResponse().withStatus(200).withBody(garbage));
        stub(c, aResponse().withStatus(200).withBody(new byte[0]));
        settle(put("original", 1));

        assertThatThrownBy(() -> settle(get(2)))
                .cause()
                .isInstanceOf(QuorumNotMetException.class)
                .hasMessageContaining("b: EncodingException")
                .hasMessageContaining("c: EncodingException");
        ReadResult alone = settle(get(1));

        assertThat(alone.object().siblings()).hasSize(1);
        assertThat(localValue()).isEqualTo("original");
    }
}
