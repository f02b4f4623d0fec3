package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Batches of replica requests and their answers cross the wire intact; damaged ones are refused. */
class ReplicaBatchCodecTest {
    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static VersionedObject object(String value) {
        return VersionedObject.ABSENT.update(
                "a",
                VersionVector.EMPTY,
                Content.value("text/plain", bytes(value), Content.NO_EXPIRY),
                100,
                ConflictResolution.SIBLINGS);
    }

    private static List<ReplicaRequest> requests() {
        return List.of(
                new ReplicaRequest.Get("b", bytes("k1")),
                new ReplicaRequest.Merge("b", bytes("k2"), object("v2"), ConflictResolution.SIBLINGS),
                new ReplicaRequest.Coordinate(
                        "b",
                        bytes("k3"),
                        new WriteRequest(
                                null,
                                Content.value("text/plain", bytes("v3"), Content.NO_EXPIRY),
                                true,
                                ConflictResolution.LWW)),
                new ReplicaRequest.Hinted("b", bytes("k4"), object("v4"), ConflictResolution.SIBLINGS, "n2"));
    }

    private static List<ReplicaResponse> responses() {
        return List.of(
                new ReplicaResponse.Versions(object("v")),
                new ReplicaResponse.Refused(WriteRefusedException.Reason.TOO_MANY_SIBLINGS, "too many"),
                new ReplicaResponse.Failed("disk"));
    }

    @Test
    void aBatchOfEveryKindOfRequestRoundTripsInOrder() throws EncodingException {
        byte[] wire = ReplicaCodec.encodeRequests(requests());

        assertThat(ReplicaCodec.isBatch(wire)).isTrue();
        assertThat(ReplicaCodec.isBatch(ReplicaCodec.encode(requests().get(0)))).isFalse();
        assertThat(ReplicaCodec.decodeRequests(wire)).usingRecursiveComparison().isEqualTo(requests());
    }

    @Test
    void theAnswerToABatchRoundTripsAndMustHoldOneResponsePerRequest() throws EncodingException {
        byte[] wire = ReplicaCodec.encodeResponses(responses());

        assertThat(ReplicaCodec.decodeResponses(wire, 3))
                .usingRecursiveComparison()
                .isEqualTo(responses());
        assertThatThrownBy(() -> ReplicaCodec.decodeResponses(wire, 4))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("3 responses for 4 requests");
    }

    @Test
    void aBatchIsNeitherEmptyNorLargerThanItsBoundNorNested() {
        assertThatThrownBy(() -> ReplicaCodec.encodeRequests(List.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 to " + ReplicaCodec.MAX_BATCH);
        List<ReplicaRequest> tooMany = new ArrayList<>(
                Collections.nCopies(ReplicaCodec.MAX_BATCH + 1, requests().get(0)));
        assertThatThrownBy(() -> ReplicaCodec.encodeRequests(tooMany)).isInstanceOf(IllegalArgumentException.class);

        // A batch whose member is itself a batch: the member is not a request.
        byte[] nested = wrap(ReplicaCodec.encodeRequests(List.of(requests().get(0))));
        assertThatThrownBy(() -> ReplicaCodec.decodeRequests(nested)).isInstanceOf(EncodingException.class);
    }

    @Test
    void aSingleRequestIsNotABatchAndABatchIsNotASingleRequest() {
        assertThatThrownBy(() -> ReplicaCodec.decodeRequests(
                        ReplicaCodec.encode(requests().get(0))))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("is not a replica request batch");
        assertThatThrownBy(() -> ReplicaCodec.decodeRequest(ReplicaCodec.encodeRequests(requests())))
                .isInstanceOf(EncodingException.class);
    }

    @Test
    void mutatedBatchesFailOnlyWithEncodingException() {
        long seed = 20261204L;
        Random random = new Random(seed);
        byte[] requests = ReplicaCodec.encodeRequests(requests());
        byte[] responses = ReplicaCodec.encodeResponses(responses());
        for (int i = 0; i < 3000; i++) {
            byte[] valid = random.nextBoolean() ? requests : responses;
            byte[] bytes = random.nextBoolean() ? valid.clone() : new byte[random.nextInt(valid.length + 8)];
            if (bytes.length > 0) {
                bytes[random.nextInt(bytes.length)] ^= (byte) (1 + random.nextInt(255));
            }
            try {
                if (valid == requests) {
                    ReplicaCodec.decodeRequests(bytes);
                } else {
                    ReplicaCodec.decodeResponses(bytes, 3);
                }
                throw new AssertionError("seed " + seed + " case " + i + ": a damaged batch decoded");
            } catch (EncodingException expected) {
                // the only way a decoder may refuse
            } catch (RuntimeException e) {
                throw new AssertionError("seed " + seed + " case " + i + ": " + e, e);
            }
        }
    }

    /** A batch of one member: the given bytes, whatever they are, under a valid batch frame. */
    private static byte[] wrap(byte[] member) {
        io.ringkv.kv.ByteWriter out = new io.ringkv.kv.ByteWriter(member.length + 16);
        out.u8(ReplicaCodec.FORMAT_VERSION);
        out.u8(5);
        out.varint(1);
        out.varint(member.length);
        out.raw(member);
        out.crc32c();
        return out.toByteArray();
    }
}
