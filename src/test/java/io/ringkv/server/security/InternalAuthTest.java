package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.port.Clock;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.server.cluster.OkHttpGossipTransport;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import io.ringkv.testing.Scrape;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import okio.Buffer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node with a cluster secret (and a previous one, as during a rotation): every internal call
 * without a valid, fresh, unseen signature is refused with 401 and changes nothing.
 */
class InternalAuthTest {
    static final String SECRET = "0123456789abcdef-current-secret";
    static final String PREVIOUS = "0123456789abcdef-previous-secret";

    @TempDir
    static Path dataDir;

    static TestNode node;

    @BeforeAll
    static void start() {
        node = TestNode.start(
                dataDir,
                "--ringkv.node-id=guarded",
                "--ringkv.security.cluster-secret=" + SECRET,
                "--ringkv.security.previous-cluster-secret=" + PREVIOUS,
                "--ringkv.security.replay-window=10s");
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void anUnsignedMergeIsRefusedCountedAndChangesNothing() throws Exception {
        Reply reply = Forged.send(Forged.post(
                node, OkHttpReplicaTransport.PATH, ReplicaCodec.MEDIA_TYPE, Forged.replicaWrite("b", "forged", "x")));

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        assertThat(reply.json().path("type").asString()).isEqualTo("urn:ringkv:problem:unauthenticated");
        assertThat(node.get("/v1/buckets/b/keys/forged").status()).isEqualTo(404);
        assertThat(refused("unsigned")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void anUnsignedRingIsNeverAdopted() throws Exception {
        long before = node.get("/v1/cluster/ring").json().path("version").asLong();

        Reply reply = Forged.send(Forged.post(
                node,
                OkHttpGossipTransport.PATH,
                OkHttpGossipTransport.MEDIA_TYPE,
                Forged.ringTakeover("guarded", "intruder", before + 100, 256)));
        Reply wrongSecret = Forged.send(sign(
                "wrong-secret-0123456789",
                Forged.post(
                        node,
                        OkHttpGossipTransport.PATH,
                        OkHttpGossipTransport.MEDIA_TYPE,
                        Forged.ringTakeover("guarded", "intruder", before + 200, 256))));

        assertThat(reply.status()).isEqualTo(401);
        assertThat(wrongSecret.status()).isEqualTo(401);
        Thread.sleep(200); // were it adopted, the ring would change at once; give it a moment all the same
        assertThat(node.get("/v1/cluster/ring").json().path("version").asLong()).isEqualTo(before);
        assertThat(node.get("/v1/cluster/ring").body()).doesNotContain("intruder");
    }

    @Test
    void aCallSignedWithAnotherSecretIsRefused() throws Exception {
        Reply reply = Forged.send(sign(
                "another-cluster-secret-0123",
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "other-secret", "x"))));

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(node.get("/v1/buckets/b/keys/other-secret").status()).isEqualTo(404);
        assertThat(refused("bad-signature")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void bothTheSecretAndThePreviousOneAreAccepted() throws Exception {
        Reply current = Forged.send(sign(
                SECRET,
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "current", "1"))));
        Reply previous = Forged.send(sign(
                PREVIOUS,
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "previous", "2"))));

        assertThat(current.status()).as("%s", current).isEqualTo(200);
        assertThat(previous.status()).as("%s", previous).isEqualTo(200);
        assertThat(node.get("/v1/buckets/b/keys/current").body()).isEqualTo("1");
        assertThat(node.get("/v1/buckets/b/keys/previous").body()).isEqualTo("2");
    }

    @Test
    void aReplayedSignedCallIsRefusedAndChangesNothing() throws Exception {
        Request first = sign(
                SECRET,
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "r", "a")));
        assertThat(Forged.send(first).status()).isEqualTo(200);
        Reply overwrite = node.get("/v1/buckets/b/keys/r");
        assertThat(node.put(
                                "/v1/buckets/b/keys/r",
                                "text/plain",
                                "b",
                                "X-Ringkv-Context",
                                overwrite.header("X-Ringkv-Context"))
                        .status())
                .isEqualTo(204);

        Reply replayed = Forged.send(first);

        assertThat(replayed.status()).as("%s", replayed).isEqualTo(401);
        assertThat(replayed.json().path("detail").asString()).contains("seen before");
        Reply after = node.get("/v1/buckets/b/keys/r");
        assertThat(after.status()).as("%s", after).isEqualTo(200);
        assertThat(after.body()).isEqualTo("b");
        assertThat(refused("replayed")).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aSignatureOutsideTheReplayWindowIsRefused() throws Exception {
        Request stale = sign(
                SECRET,
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "stale", "x")));
        node.advanceClock(11_000);
        Reply reply;
        try {
            reply = Forged.send(stale);
        } finally {
            node.advanceClock(-11_000);
        }

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(reply.json().path("detail").asString()).contains("window");
        assertThat(node.get("/v1/buckets/b/keys/stale").status()).isEqualTo(404);
    }

    @Test
    void aCallSignedForAnotherMemberIsRefused() throws Exception {
        // The node advertises localhost:<port>; 127.0.0.1:<port> stands for another member's address.
        Request forOther = sign(
                SECRET,
                new Request.Builder()
                        .url(node.url(OkHttpReplicaTransport.PATH).replace("localhost", "127.0.0.1"))
                        .post(RequestBody.create(
                                Forged.replicaWrite("b", "elsewhere", "x"), MediaType.get(ReplicaCodec.MEDIA_TYPE)))
                        .build());

        Reply reply = Forged.send(forOther);

        assertThat(reply.status()).as("%s", reply).isEqualTo(401);
        assertThat(node.get("/v1/buckets/b/keys/elsewhere").status()).isEqualTo(404);
    }

    @Test
    void aSignedCallWithAnotherBodyIsRefused() throws Exception {
        Request signed = sign(
                SECRET,
                Forged.post(
                        node,
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        Forged.replicaWrite("b", "swapped", "x")));
        Request swapped = signed.newBuilder()
                .post(RequestBody.create(
                        Forged.replicaWrite("b", "swapped", "evil"), MediaType.get(ReplicaCodec.MEDIA_TYPE)))
                .build();

        assertThat(Forged.send(swapped).status()).isEqualTo(401);
        assertThat(node.get("/v1/buckets/b/keys/swapped").status()).isEqualTo(404);
    }

    @Test
    void propsPushedWithoutASignatureAreRefused() throws Exception {
        Reply reply =
                node.call("PUT", "/internal/v1/buckets/pushed/props", "application/octet-stream", new byte[] {1, 2, 3});

        assertThat(reply.status()).isEqualTo(401);
        assertThat(node.get("/internal/v1/node").status()).isEqualTo(401);
        assertThat(node.get("/internal/v1/../internal/v1/node").status()).isIn(400, 401);
        assertThat(node.get("/internal;x=1/v1/node").status()).isIn(400, 401, 404);
    }

    @Test
    void theBodyDigestIsTheSameOnBothSides() throws Exception {
        byte[] body = Forged.replicaWrite("b", "d", "x");
        Buffer buffer = new Buffer().write(body);
        assertThat(buffer.sha256().toByteArray()).isEqualTo(InternalSignature.digest(body, 0, body.length));
    }

    /** {@code request} signed as node "peer" with {@code secret}, at the node's own time. */
    static Request sign(String secret, Request request) throws Exception {
        return new RequestSigner(new InternalSignature(List.of(secret)), "peer", SYSTEM).sign(request);
    }

    private static double refused(String reason) throws Exception {
        return Scrape.value(
                node.get("/actuator/prometheus").body(),
                "ringkv_security_refused_total",
                "plane=\"internal\"",
                "reason=\"" + reason + "\"");
    }

    static final Clock SYSTEM = new Clock() {
        @Override
        public long nanos() {
            return System.nanoTime();
        }

        @Override
        public long millis() {
            return System.currentTimeMillis();
        }

        @Override
        public void park(long nanos) throws InterruptedException {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    };
}
