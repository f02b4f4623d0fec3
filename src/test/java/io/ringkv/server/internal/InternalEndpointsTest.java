package io.ringkv.server.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.Quorum;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The node-to-node endpoints of one node: replica requests, its description, pushed props. */
class InternalEndpointsTest {
    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(dataDir, "--ringkv.node-id=solo", "--ringkv.cluster.rack=r1");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void aReplicaRequestIsAnsweredInTheBinaryForm() throws Exception {
        assertThat(node.put("/v1/buckets/b/keys/k", "text/plain", "v").status()).isEqualTo(204);

        Reply reply = node.call(
                "POST",
                "/internal/v1/replica",
                ReplicaCodec.MEDIA_TYPE,
                ReplicaCodec.encode(new ReplicaRequest.Get("b", "k".getBytes(StandardCharsets.UTF_8))));

        assertThat(reply.status()).isEqualTo(200);
        ReplicaResponse response = ReplicaCodec.decodeResponse(reply.bytes());
        VersionedObject object = ((ReplicaResponse.Versions) response).object();
        assertThat(new String(object.siblings().get(0).content().value(), StandardCharsets.UTF_8))
                .isEqualTo("v");
    }

    @Test
    void aBatchOfReplicaRequestsIsAnsweredInOrderWithEveryWriteApplied() throws Exception {
        byte[] key = "batched".getBytes(StandardCharsets.UTF_8);
        List<ReplicaRequest> requests = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            requests.add(
                    new ReplicaRequest.Coordinate("bb", ("w" + i).getBytes(StandardCharsets.UTF_8), write("v" + i)));
        }
        requests.add(new ReplicaRequest.Get("bb", key));
        requests.add(new ReplicaRequest.Coordinate("bb", key, write("x")));

        Reply reply = node.call(
                "POST", "/internal/v1/replica", ReplicaCodec.MEDIA_TYPE, ReplicaCodec.encodeRequests(requests));

        assertThat(reply.status()).as("%s", reply).isEqualTo(200);
        List<ReplicaResponse> responses = ReplicaCodec.decodeResponses(reply.bytes(), requests.size());
        for (int i = 0; i < 5; i++) {
            assertThat(value(responses.get(i))).isEqualTo("v" + i);
            assertThat(node.get("/v1/buckets/bb/keys/w" + i).body()).isEqualTo("v" + i);
        }
        assertThat(responses.get(5)).isInstanceOf(ReplicaResponse.Versions.class);
        assertThat(value(responses.get(6))).isEqualTo("x");
    }

    @Test
    void aDamagedBatchIsABadRequestAndAppliesNothing() throws Exception {
        byte[] batch = ReplicaCodec.encodeRequests(List.of(
                new ReplicaRequest.Coordinate("bd", "one".getBytes(StandardCharsets.UTF_8), write("1")),
                new ReplicaRequest.Coordinate("bd", "two".getBytes(StandardCharsets.UTF_8), write("2"))));
        batch[batch.length / 2] ^= 0x40;

        Reply reply = node.call("POST", "/internal/v1/replica", ReplicaCodec.MEDIA_TYPE, batch);

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:malformed-request");
        assertThat(reply.json().path("detail").asString()).contains("checksum");
        assertThat(node.get("/v1/buckets/bd/keys/one").status()).isEqualTo(404);
        assertThat(node.get("/v1/buckets/bd/keys/two").status()).isEqualTo(404);
    }

    @Test
    void aDamagedReplicaWriteIsCountedAndChangesNothing() throws Exception {
        byte[] body = ReplicaCodec.encode(
                new ReplicaRequest.Coordinate("bm", "k".getBytes(StandardCharsets.UTF_8), write("damaged")));
        body[body.length - 3] ^= 0x20;
        double before = rejected("replica");

        Reply reply = node.call("POST", "/internal/v1/replica", ReplicaCodec.MEDIA_TYPE, body);

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:malformed-request");
        assertThat(rejected("replica")).isEqualTo(before + 1);
        assertThat(node.get("/v1/buckets/bm/keys/k").status()).isEqualTo(404);
    }

    @Test
    void aDamagedRepairRequestIsCounted() throws Exception {
        double before = rejected("repair");

        Reply reply = node.call("POST", "/internal/v1/repair", RepairCodec.MEDIA_TYPE, new byte[] {7, 7, 7});

        assertThat(reply.status()).as("%s", reply).isEqualTo(400);
        assertThat(rejected("repair")).isEqualTo(before + 1);
    }

    private static double rejected(String route) {
        Counter counter = node.context()
                .getBean(MeterRegistry.class)
                .find("ringkv.internal.rejected")
                .tag("route", route)
                .tag("reason", "undecodable")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private static WriteRequest write(String value) {
        return new WriteRequest(
                null,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    private static String value(ReplicaResponse response) {
        VersionedObject object = ((ReplicaResponse.Versions) response).object();
        assertThat(object.siblings()).hasSize(1);
        return new String(object.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    @Test
    void undecodableReplicaRequestsAreBadRequestsNeverServerErrors() throws Exception {
        long seed = 20261122L;
        Random random = new Random(seed);
        byte[] valid = ReplicaCodec.encode(new ReplicaRequest.Get("b", "k".getBytes(StandardCharsets.UTF_8)));
        for (int i = 0; i < 40; i++) {
            byte[] body;
            if (random.nextBoolean()) {
                body = new byte[random.nextInt(64)];
                random.nextBytes(body);
            } else {
                body = valid.clone();
                body[random.nextInt(body.length)] ^= (byte) (1 + random.nextInt(255));
            }
            Reply reply = node.call("POST", "/internal/v1/replica", ReplicaCodec.MEDIA_TYPE, body);
            assertThat(reply.status())
                    .as("case %d of seed %d: %s", i, seed, reply)
                    .isEqualTo(400);
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
            assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:malformed-request");
        }
    }

    @Test
    void theNodeDescribesItself() throws Exception {
        Reply reply = node.get("/internal/v1/node");

        assertThat(reply.status()).isEqualTo(200);
        assertThat(reply.json().path("id").asString()).isEqualTo("solo");
        assertThat(reply.json().path("weight").asInt()).isEqualTo(1);
        assertThat(reply.json().path("rack").asString()).isEqualTo("r1");
        assertThat(reply.json().path("address").asString())
                .isEqualTo(node.url("").substring("http://".length()));
    }

    @Test
    void pushedPropsAreStoredAndBadOnesRefused() throws Exception {
        BucketProps props = new BucketProps(
                2,
                Quorum.ONE,
                Quorum.ALL,
                Quorum.of(0),
                Quorum.of(0),
                Quorum.ONE,
                ConflictResolution.SIBLINGS,
                false,
                0);
        Reply stored = node.call(
                "PUT", "/internal/v1/buckets/pushed/props", "application/octet-stream", BucketPropsCodec.encode(props));
        assertThat(stored.status()).isEqualTo(204);
        assertThat(node.get("/v1/buckets/pushed/props").json().path("n").asInt())
                .isEqualTo(2);

        Reply garbage =
                node.call("PUT", "/internal/v1/buckets/pushed/props", "application/octet-stream", new byte[] {1, 2});
        assertThat(garbage.status()).isEqualTo(400);
        Counter counted = node.context()
                .getBean(MeterRegistry.class)
                .find("ringkv.internal.rejected")
                .tag("route", "props")
                .counter();
        assertThat(counted).isNotNull();
        assertThat(counted.count()).isGreaterThanOrEqualTo(1.0);
    }

    @Test
    void aNodeWithoutSeedsIsAOneNodeClusterAndReady() throws Exception {
        assertThat(node.get("/actuator/health/readiness").status()).isEqualTo(200);
        assertThat(node.get("/actuator/health")
                        .json()
                        .path("components")
                        .path("cluster")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        Reply ring = node.get("/v1/cluster/ring");
        assertThat(ring.json().path("members").size()).isEqualTo(1);
        assertThat(ring.json().path("members").get(0).path("id").asString()).isEqualTo("solo");
    }

    @Test
    void theInternalApiIsNotInTheOpenApiDocument() throws Exception {
        assertThat(node.get("/v3/api-docs").body()).doesNotContain("/internal/");
    }
}
