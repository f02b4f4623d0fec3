package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.EncodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RepairCodecTest {
    private static final RepairScope SCOPE = new RepairScope(513, 2, "users");

    private static List<RepairRequest> requests() {
        return List.of(
                new RepairRequest.Level(RepairScope.of(0, 1), 0, new int[] {0}),
                new RepairRequest.Level(SCOPE, 1, new int[] {0, 5, 31}),
                new RepairRequest.Level(SCOPE, 2, new int[] {7, 1023}),
                new RepairRequest.Keys(SCOPE, new int[] {1, 2, 900}),
                new RepairRequest.Keys(new RepairScope(65535, 16, "é-bucket"), new int[] {0}));
    }

    private static List<RepairResponse> responses() {
        return List.of(
                new RepairResponse.Hashes(new long[] {0, -1, Long.MIN_VALUE, 42}),
                new RepairResponse.Hashes(new long[0]),
                new RepairResponse.Keys(List.of()),
                new RepairResponse.Keys(List.of(
                        new RepairResponse.LeafKeys(3, List.of()),
                        new RepairResponse.LeafKeys(
                                17,
                                List.of(
                                        new RepairResponse.KeyHash("b", bytes("k1"), 7),
                                        new RepairResponse.KeyHash("other", new byte[] {0, (byte) 0xff}, -9))))),
                new RepairResponse.Failed("storage failed: disk gone"));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void requestsRoundTrip() throws EncodingException {
        for (RepairRequest request : requests()) {
            RepairRequest back = RepairCodec.decodeRequest(RepairCodec.encode(request));
            assertThat(back.scope()).isEqualTo(request.scope());
            assertThat(back.getClass()).isEqualTo(request.getClass());
            if (request instanceof RepairRequest.Level l) {
                RepairRequest.Level b = (RepairRequest.Level) back;
                assertThat(b.level()).isEqualTo(l.level());
                assertThat(b.indexes()).isEqualTo(l.indexes());
            } else {
                assertThat(((RepairRequest.Keys) back).leaves()).isEqualTo(((RepairRequest.Keys) request).leaves());
            }
        }
    }

    @Test
    void responsesRoundTrip() throws EncodingException {
        for (RepairResponse response : responses()) {
            RepairResponse back = RepairCodec.decodeResponse(RepairCodec.encode(response));
            assertThat(describe(back)).isEqualTo(describe(response));
        }
    }

    private static String describe(RepairResponse r) {
        if (r instanceof RepairResponse.Hashes h) {
            return "hashes " + Arrays.toString(h.hashes());
        }
        if (r instanceof RepairResponse.Keys k) {
            StringBuilder sb = new StringBuilder("keys");
            for (RepairResponse.LeafKeys leaf : k.leaves()) {
                sb.append(" leaf ").append(leaf.leaf());
                for (RepairResponse.KeyHash key : leaf.keys()) {
                    sb.append(' ')
                            .append(key.bucket())
                            .append('/')
                            .append(Arrays.toString(key.key()))
                            .append('=')
                            .append(key.versionHash());
                }
            }
            return sb.toString();
        }
        return "failed " + ((RepairResponse.Failed) r).message();
    }

    @Test
    void malformedMessagesAreRefusedWithAClearError() {
        byte[] good = RepairCodec.encode(requests().get(1));
        byte[] version = good.clone();
        version[0] = 2;
        assertThatThrownBy(() -> RepairCodec.decodeRequest(version))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("format version 2");
        byte[] flipped = good.clone();
        flipped[5] ^= 1;
        assertThatThrownBy(() -> RepairCodec.decodeRequest(flipped))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("checksum");
        assertThatThrownBy(() -> RepairCodec.decodeRequest(new byte[] {1}))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("truncated");
        assertThatThrownBy(() -> RepairCodec.decodeResponse(good)).isInstanceOf(EncodingException.class);
        assertThatThrownBy(() -> RepairCodec.encode(new RepairRequest.Level(SCOPE, 1, new int[] {3, 2})))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> RepairCodec.encode(new RepairRequest.Level(SCOPE, 1, new int[] {32})))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Every single-byte change, truncation and random garbage fails with EncodingException only. */
    @Test
    void mutatedMessagesFailOnlyWithEncodingException() {
        Random random = new Random(7);
        List<byte[]> requests = new ArrayList<>();
        requests().forEach(r -> requests.add(RepairCodec.encode(r)));
        List<byte[]> responses = new ArrayList<>();
        responses().forEach(r -> responses.add(RepairCodec.encode(r)));
        int decoded = 0;
        for (int round = 0; round < 20_000; round++) {
            boolean request = random.nextBoolean();
            List<byte[]> pool = request ? requests : responses;
            byte[] bytes = mutate(pool.get(random.nextInt(pool.size())), random);
            try {
                if (request) {
                    RepairCodec.decodeRequest(bytes);
                } else {
                    RepairCodec.decodeResponse(bytes);
                }
                decoded++;
            } catch (EncodingException expected) {
                // refused, as it should be
            }
        }
        // A mutation that passes decoding must have fixed up the checksum: rare with random changes.
        assertThat(decoded).isLessThan(200);
    }

    @Test
    void fieldMutationsWithAValidChecksumFailOnlyWithEncodingException() {
        Random random = new Random(11);
        for (int round = 0; round < 20_000; round++) {
            boolean request = random.nextBoolean();
            byte[] original = request
                    ? RepairCodec.encode(
                            requests().get(random.nextInt(requests().size())))
                    : RepairCodec.encode(
                            responses().get(random.nextInt(responses().size())));
            byte[] body = Arrays.copyOf(original, original.length - 4);
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            if (random.nextInt(4) == 0) {
                body = Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            byte[] bytes = withCrc(body);
            try {
                if (request) {
                    RepairCodec.decodeRequest(bytes);
                } else {
                    RepairCodec.decodeResponse(bytes);
                }
            } catch (EncodingException expected) {
                // refused
            }
        }
    }

    private static byte[] withCrc(byte[] body) {
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(body);
        byte[] out = Arrays.copyOf(body, body.length + 4);
        int v = (int) crc.getValue();
        out[body.length] = (byte) (v >>> 24);
        out[body.length + 1] = (byte) (v >>> 16);
        out[body.length + 2] = (byte) (v >>> 8);
        out[body.length + 3] = (byte) v;
        return out;
    }

    private static byte[] mutate(byte[] original, Random random) {
        byte[] bytes = original.clone();
        switch (random.nextInt(3)) {
            case 0 -> bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            case 1 -> bytes = Arrays.copyOf(bytes, random.nextInt(bytes.length));
            default -> {
                bytes = new byte[random.nextInt(40)];
                random.nextBytes(bytes);
            }
        }
        return bytes;
    }
}
