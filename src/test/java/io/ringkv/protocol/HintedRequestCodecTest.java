package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hinted write request crosses the wire intact, and damaged forms of it are rejected. */
class HintedRequestCodecTest {
    private static ReplicaRequest.Hinted hinted() {
        VersionedObject object = VersionedObject.ABSENT.update(
                "a",
                VersionVector.EMPTY,
                Content.value("text/plain", "v".getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                100,
                ConflictResolution.LWW);
        return new ReplicaRequest.Hinted(
                "bkt", "k".getBytes(StandardCharsets.UTF_8), object, ConflictResolution.LWW, "node-c:8080");
    }

    @Test
    void aHintedRequestRoundTrips() throws EncodingException {
        byte[] bytes = ReplicaCodec.encode(hinted());

        assertThat(bytes[0]).isEqualTo((byte) ReplicaCodec.FORMAT_VERSION);
        assertThat(bytes[1]).as("kind").isEqualTo((byte) 4);
        assertThat(ReplicaCodec.decodeRequest(bytes)).usingRecursiveComparison().isEqualTo(hinted());
    }

    @Test
    void mutatedHintedRequestsFailOnlyWithEncodingException() {
        long seed = 20240607L;
        Random random = new Random(seed);
        byte[] valid = ReplicaCodec.encode(hinted());
        for (int i = 0; i < 3000; i++) {
            byte[] bytes = random.nextBoolean() ? valid.clone() : new byte[random.nextInt(valid.length + 8)];
            if (bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                ReplicaCodec.decodeRequest(bytes);
            } catch (EncodingException expected) {
                // the only way a decoder may refuse
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + ": " + e, e);
            }
        }
    }
}
