package io.ringkv.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.BucketPropsCodec;
import io.ringkv.kv.ByteWriter;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.ObjectCodec;
import io.ringkv.kv.Quorum;
import io.ringkv.membership.GossipCodec;
import io.ringkv.membership.GossipMessage;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairScope;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.ring.RingCodec;
import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import io.ringkv.server.cluster.OkHttpGossipTransport;
import io.ringkv.server.transport.OkHttpRepairTransport;
import io.ringkv.server.transport.OkHttpReplicaTransport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import okhttp3.MediaType;
import okhttp3.Request;
import okhttp3.RequestBody;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A seeded fuzz loop over every decoder reachable from the network: mutated valid messages (with
 * their checksum made right again, so the mutation reaches the decoder behind it) and random bytes.
 * In process, a decoder either decodes or fails with {@link EncodingException}. Over HTTP, against a
 * node with a cluster secret, damaged messages are sent signed (so they get past the gate to the
 * decoder) and unsigned: every answer is a clean 4xx problem (gossip: 204, as designed) and the
 * store is the same afterwards; so are damaged context headers, cursors and JSON bodies.
 *
 * <p>Replay a failure with {@code -Dringkv.fuzz.seed=<seed>}; {@code -Dringkv.fuzz.iterations=<n>}
 * runs longer.
 */
class DecoderFuzzTest {
    private static final long SEED = Long.getLong("ringkv.fuzz.seed", 20261204L);
    private static final int ITERATIONS = Integer.getInteger("ringkv.fuzz.iterations", 2000);

    @TempDir
    Path dataDir;

    @FunctionalInterface
    interface Decoder {
        Object decode(byte[] bytes) throws EncodingException;
    }

    record Target(String name, Decoder decoder, List<byte[]> seeds, boolean framed) {}

    static List<Target> targets() {
        byte[] write = Forged.replicaWrite("b", "k", "value");
        byte[] get = ReplicaCodec.encode(new ReplicaRequest.Get("b", "k".getBytes(StandardCharsets.UTF_8)));
        byte[] batch = ReplicaCodec.encodeRequests(List.of(
                new ReplicaRequest.Get("b", "k".getBytes(StandardCharsets.UTF_8)),
                new ReplicaRequest.Get("c", "k".getBytes(StandardCharsets.UTF_8))));
        byte[] ring = Forged.ringTakeover("a", "b", 7, 16);
        byte[] syn = GossipCodec.encode(new GossipMessage.Syn("ringkv", "a", 3, List.of()));
        byte[] repair = RepairCodec.encode(new RepairRequest.Keys(RepairScope.of(3, 3), new int[] {1, 2, 3}));
        byte[] props = BucketPropsCodec.encode(props());
        return List.of(
                new Target("replica request", ReplicaCodec::decodeRequest, List.of(write, get), true),
                new Target("replica batch", ReplicaCodec::decodeRequests, List.of(batch), true),
                new Target("replica response", ReplicaCodec::decodeResponse, List.of(write, get), true),
                new Target("replica responses", b -> ReplicaCodec.decodeResponses(b, 2), List.of(batch), true),
                new Target("gossip", GossipCodec::decode, List.of(ring, syn), true),
                new Target("ring", RingCodec::decode, List.of(ring), true),
                new Target("repair request", RepairCodec::decodeRequest, List.of(repair), true),
                new Target("repair response", RepairCodec::decodeResponse, List.of(repair), true),
                new Target("bucket props", BucketPropsCodec::decode, List.of(props), true),
                new Target("object", ObjectCodec::decode, List.of(write), true),
                new Target(
                        "context header",
                        b -> ContextCodec.decode(
                                Base64.getUrlEncoder().withoutPadding().encodeToString(b)),
                        List.of(Base64.getUrlDecoder().decode(ContextCodec.encode(io.ringkv.kv.VersionVector.EMPTY))),
                        true),
                new Target(
                        "context header text",
                        b -> ContextCodec.decode(new String(b, StandardCharsets.ISO_8859_1)),
                        List.of(ContextCodec.encode(io.ringkv.kv.VersionVector.EMPTY)
                                .getBytes(StandardCharsets.US_ASCII)),
                        false),
                new Target(
                        "key cursor",
                        b -> KeyCursor.parse(new String(b, StandardCharsets.ISO_8859_1)),
                        List.of("AQ".getBytes(StandardCharsets.US_ASCII)),
                        false));
    }

    @Test
    void everyDecoderDecodesOrRefusesCleanly() {
        SplittableRandom random = new SplittableRandom(SEED);
        for (Target target : targets()) {
            for (int i = 0; i < ITERATIONS; i++) {
                byte[] input = mutate(random, target);
                try {
                    target.decoder().decode(input);
                } catch (EncodingException expected) {
                    // refused cleanly
                } catch (Throwable t) {
                    throw new AssertionError(
                            target.name() + " case " + i + " of seed " + SEED + " threw " + t + " on "
                                    + HexFormat.of().formatHex(input),
                            t);
                }
            }
        }
    }

    @Test
    void theNetworkGetsOnlyCleanRefusalsAndTheStoreStaysTheSame() throws Exception {
        try (TestNode node = TestNode.start(dataDir, TestNode.CLUSTER_SECRET_SETTING)) {
            assertThat(node.put("/v1/buckets/b/keys/k", "text/plain", "kept").status())
                    .isEqualTo(204);
            String before = snapshot(node);
            SplittableRandom random = new SplittableRandom(SEED);
            List<Target> all = targets();
            int cases = Math.max(50, ITERATIONS / 20);
            for (int i = 0; i < cases; i++) {
                check(
                        node,
                        i,
                        "replica",
                        OkHttpReplicaTransport.PATH,
                        ReplicaCodec.MEDIA_TYPE,
                        "POST",
                        mutate(random, all.get(random.nextBoolean() ? 0 : 1), false),
                        400);
                check(
                        node,
                        i,
                        "gossip",
                        OkHttpGossipTransport.PATH,
                        OkHttpGossipTransport.MEDIA_TYPE,
                        "POST",
                        mutate(random, all.get(4), false),
                        204);
                check(
                        node,
                        i,
                        "repair",
                        OkHttpRepairTransport.PATH,
                        RepairCodec.MEDIA_TYPE,
                        "POST",
                        mutate(random, all.get(6), false),
                        400);
                check(
                        node,
                        i,
                        "props",
                        "/internal/v1/buckets/b/props",
                        "application/octet-stream",
                        "PUT",
                        mutate(random, all.get(8), false),
                        400);
                byte[] context = mutate(random, all.get(10));
                Reply put = node.put(
                        "/v1/buckets/fuzz/keys/k",
                        "text/plain",
                        "x",
                        "X-Ringkv-Context",
                        Base64.getUrlEncoder().withoutPadding().encodeToString(context));
                assertThat(put.status())
                        .as("context case %d of seed %d: %s", i, SEED, put)
                        .isLessThan(500);
                Reply list = node.get("/v1/buckets/b/keys?cursor="
                        + new String(mutate(random, all.get(12)), StandardCharsets.ISO_8859_1)
                                .replaceAll("[^A-Za-z0-9_-]", "A"));
                assertThat(list.status())
                        .as("cursor case %d of seed %d: %s", i, SEED, list)
                        .isLessThan(500);
                Reply json = node.put("/v1/buckets/b/props", "application/json", json(random));
                assertThat(json.status())
                        .as("props case %d of seed %d: %s", i, SEED, json)
                        .isLessThan(500);
            }
            node.call("DELETE", "/v1/buckets/fuzz/keys/k", null, null);
            assertThat(snapshot(node).replace(",\"fuzz\"", "")).isEqualTo(before);
        }
    }

    /** One fuzzed internal call, signed: a clean refusal or the designed answer, never a 5xx, never 200. */
    private static void check(
            TestNode node, int i, String what, String path, String type, String method, byte[] body, int designed)
            throws Exception {
        Request unsigned = new Request.Builder()
                .url(node.url(path))
                .method(method, RequestBody.create(body, MediaType.get(type)))
                .build();
        assertThat(TestNode.execute(unsigned).status()).isEqualTo(401);
        Reply reply = TestNode.execute(TestNode.signed(unsigned));
        assertThat(reply.status())
                .as(
                        "%s case %d of seed %d (%s): %s",
                        what, i, SEED, HexFormat.of().formatHex(body), reply)
                .isIn(designed, 400, 413);
        if (reply.status() >= 400) {
            assertThat(reply.header("Content-Type")).startsWith("application/problem+json");
        }
    }

    /** What a fuzzed call must not change: the keys, the bucket list and props, the ring. */
    private static String snapshot(TestNode node) throws Exception {
        return node.get("/v1/buckets/b/keys/k").body() + "|"
                + node.get("/v1/buckets").body() + "|"
                + node.get("/v1/buckets/b/props").body() + "|"
                + node.get("/v1/cluster/ring").json().path("version").asLong() + "|"
                + node.get("/v1/buckets/b/keys").body();
    }

    private static String json(SplittableRandom random) {
        String[] pieces = {
            "{",
            "}",
            "\"n\"",
            ":",
            "1",
            "-1",
            "\"r\"",
            "\"quorum\"",
            ",",
            "[",
            "]",
            "null",
            "\"\\u0000\"",
            "1e999",
            "\"allowMult\"",
            "true",
            "\"defaultTtl\"",
            "99999999999999999999"
        };
        StringBuilder sb = new StringBuilder();
        int n = random.nextInt(12);
        for (int i = 0; i < n; i++) {
            sb.append(pieces[random.nextInt(pieces.length)]);
        }
        // never valid props: an unknown property makes sure the store stays the same
        return sb.append("\"zz\":").toString();
    }

    static byte[] mutate(SplittableRandom random, Target target) {
        return mutate(random, target, true);
    }

    /**
     * A mutated seed of {@code target} (or noise); with {@code fixChecksum}, most get their checksum
     * made right again so that the mutation reaches the decoding behind it.
     */
    static byte[] mutate(SplittableRandom random, Target target, boolean fixChecksum) {
        if (random.nextInt(8) == 0) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            return noise;
        }
        byte[] seed = target.seeds().get(random.nextInt(target.seeds().size()));
        byte[] bytes = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int e = 0; e < edits && bytes.length > 0; e++) {
            int at = random.nextInt(bytes.length);
            switch (random.nextInt(6)) {
                case 0 -> bytes[at] ^= (byte) (1 << random.nextInt(8));
                case 1 -> bytes[at] = (byte) random.nextInt(256);
                case 2 -> bytes[at] = (byte) (random.nextBoolean() ? 0xff : 0x7f);
                case 3 -> bytes = Arrays.copyOf(bytes, at); // truncate
                case 4 -> {
                    byte[] longer = new byte[bytes.length + 1 + random.nextInt(8)];
                    System.arraycopy(bytes, 0, longer, 0, at);
                    random.nextBytes(longer);
                    System.arraycopy(bytes, at, longer, longer.length - (bytes.length - at), bytes.length - at);
                    bytes = longer;
                }
                default -> {
                    int len = Math.min(bytes.length - at, 1 + random.nextInt(8));
                    byte[] shorter = new byte[bytes.length - len];
                    System.arraycopy(bytes, 0, shorter, 0, at);
                    System.arraycopy(bytes, at + len, shorter, at, bytes.length - at - len);
                    bytes = shorter;
                }
            }
        }
        if (fixChecksum && target.framed() && bytes.length > 4 && random.nextInt(4) != 0) {
            ByteWriter out = new ByteWriter(bytes.length);
            out.raw(Arrays.copyOf(bytes, bytes.length - 4));
            out.crc32c();
            bytes = out.toByteArray();
        }
        return bytes;
    }

    private static BucketProps props() {
        return new BucketProps(
                2,
                Quorum.ONE,
                Quorum.ALL,
                Quorum.of(0),
                Quorum.of(0),
                Quorum.ONE,
                ConflictResolution.SIBLINGS,
                false,
                0);
    }
}
