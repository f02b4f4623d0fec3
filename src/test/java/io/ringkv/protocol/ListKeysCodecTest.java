package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.EncodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The list keys request (kind 6) and its answer (kind 5) cross the wire intact, alone and in batches. */
class ListKeysCodecTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<ReplicaRequest> requests() {
        return List.of(
                new ReplicaRequest.ListKeys("b", 0, new byte[0], 1),
                new ReplicaRequest.ListKeys("users", 65535, bytes("k/é"), ReplicaCodec.MAX_LIST_LIMIT),
                new ReplicaRequest.ListKeys("b", 300, new byte[] {0, (byte) 0xff}, 1000));
    }

    private static List<ReplicaResponse> responses() {
        return List.of(
                new ReplicaResponse.Keys(List.of(), null),
                new ReplicaResponse.Keys(List.of(bytes("a"), bytes("b")), null),
                new ReplicaResponse.Keys(List.of(bytes("a")), bytes("a")),
                new ReplicaResponse.Keys(List.of(), bytes("deleted-key")));
    }

    @Test
    void requestsRoundTripAsKindSix() throws EncodingException {
        for (ReplicaRequest request : requests()) {
            byte[] wire = ReplicaCodec.encode(request);

            assertThat(wire[1]).as("kind").isEqualTo((byte) 6);
            assertThat(ReplicaCodec.decodeRequest(wire))
                    .usingRecursiveComparison()
                    .isEqualTo(request);
            assertThat(request.readOnly()).isTrue();
        }
        assertThat(ReplicaCodec.decodeRequests(ReplicaCodec.encodeRequests(requests())))
                .usingRecursiveComparison()
                .isEqualTo(requests());
    }

    @Test
    void answersRoundTripAsKindFive() throws EncodingException {
        for (ReplicaResponse response : responses()) {
            byte[] wire = ReplicaCodec.encode(response);

            assertThat(wire[1]).as("kind").isEqualTo((byte) 5);
            assertThat(describe(ReplicaCodec.decodeResponse(wire))).isEqualTo(describe(response));
        }
        List<ReplicaResponse> back = ReplicaCodec.decodeResponses(
                ReplicaCodec.encodeResponses(responses()), responses().size());
        for (int i = 0; i < back.size(); i++) {
            assertThat(describe(back.get(i))).isEqualTo(describe(responses().get(i)));
        }
    }

    private static String describe(ReplicaResponse response) {
        ReplicaResponse.Keys keys = (ReplicaResponse.Keys) response;
        StringBuilder sb = new StringBuilder();
        keys.keys().forEach(k -> sb.append(Arrays.toString(k)).append(' '));
        return sb + "resume " + (keys.resumeAfter() == null ? "none" : Arrays.toString(keys.resumeAfter()));
    }

    @Test
    void outOfRangeFieldsAreRefused() {
        assertThatThrownBy(() -> new ReplicaRequest.ListKeys("b", 65536, new byte[0], 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplicaRequest.ListKeys("b", 0, new byte[0], 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ReplicaRequest.ListKeys("b", 0, null, 1))
                .isInstanceOf(IllegalArgumentException.class);

        byte[] limit = ReplicaCodec.encode(new ReplicaRequest.ListKeys("b", 1, new byte[0], 1));
        // version, kind, bucket (u16 length + 1), key (varint 0), partition (u16): then the limit.
        limit[1 + 1 + 3 + 1 + 2] = 0;
        assertThatThrownBy(() -> ReplicaCodec.decodeRequest(reframed(limit)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("list limit 0");

        byte[] flag = ReplicaCodec.encode(new ReplicaResponse.Keys(List.of(), null));
        flag[flag.length - 5] = 2;
        assertThatThrownBy(() -> ReplicaCodec.decodeResponse(reframed(flag)))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("more keys flag 2");
    }

    @Test
    void mutatedMessagesFailOnlyWithEncodingException() {
        long seed = 20261205L;
        Random random = new Random(seed);
        for (int i = 0; i < 5000; i++) {
            boolean request = random.nextBoolean();
            byte[] valid = request
                    ? ReplicaCodec.encode(
                            requests().get(random.nextInt(requests().size())))
                    : ReplicaCodec.encode(
                            responses().get(random.nextInt(responses().size())));
            byte[] body = Arrays.copyOf(valid, valid.length - 4);
            body[random.nextInt(body.length)] = (byte) random.nextInt(256);
            if (random.nextInt(4) == 0) {
                body = Arrays.copyOf(body, random.nextInt(body.length + 1));
            }
            byte[] bytes = random.nextBoolean() ? withCrc(body) : body;
            try {
                if (request) {
                    ReplicaCodec.decodeRequest(bytes);
                } else {
                    ReplicaCodec.decodeResponse(bytes);
                }
            } catch (EncodingException expected) {
                // the only way a decoder may refuse
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + ": " + e, e);
            }
        }
    }

    /** {@code message} (a whole encoded message) with its checksum made anew over its changed bytes. */
    private static byte[] reframed(byte[] message) {
        return withCrc(Arrays.copyOf(message, message.length - 4));
    }

    /** {@code body} followed by its CRC32C. */
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
}
