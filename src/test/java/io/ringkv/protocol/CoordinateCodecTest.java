package io.ringkv.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.WriteId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** A request to coordinate a write carries its write id to the replica, or none. */
class CoordinateCodecTest {

    private static WriteRequest roundTrip(WriteRequest write) throws Exception {
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        ReplicaRequest decoded =
                ReplicaCodec.decodeRequest(ReplicaCodec.encode(new ReplicaRequest.Coordinate("b", key, write)));
        return ((ReplicaRequest.Coordinate) decoded).write();
    }

    @Test
    void theWriteIdCrossesTheWire() throws Exception {
        WriteRequest write = new WriteRequest(
                VersionVector.of(Map.of("n1~x", 3L)),
                Content.value("text/plain", new byte[] {1}, 0),
                true,
                ConflictResolution.SIBLINGS,
                new WriteId(-1, 42));

        assertThat(roundTrip(write)).isEqualTo(write);
    }

    @Test
    void aWriteWithoutAnIdStaysWithout() throws Exception {
        WriteRequest write = new WriteRequest(null, Content.tombstone(5), false, ConflictResolution.LWW);

        assertThat(roundTrip(write)).isEqualTo(write);
        assertThat(roundTrip(write).writeId()).isNull();
    }

    @Test
    void theSeenWriteIdsCrossTheWire() throws Exception {
        WriteRequest write = new WriteRequest(
                VersionVector.of(Map.of("n1~x", 3L)),
                Content.value("text/plain", new byte[] {1}, 0),
                false,
                ConflictResolution.SIBLINGS,
                new WriteId(-1, 42),
                Set.of(new WriteId(1, 2), new WriteId(-3, 4)));

        assertThat(roundTrip(write)).isEqualTo(write);
        assertThat(roundTrip(write).seenWriteIds()).containsExactlyInAnyOrder(new WriteId(1, 2), new WriteId(-3, 4));
    }

    @Test
    void aWriteWithoutSeenWriteIdsIsEncodedAsBefore() throws Exception {
        WriteRequest write = new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", new byte[] {1}, 0),
                false,
                ConflictResolution.SIBLINGS,
                new WriteId(5, 6));
        byte[] key = "k".getBytes(StandardCharsets.UTF_8);
        byte[] encoded = ReplicaCodec.encode(new ReplicaRequest.Coordinate("b", key, write));
        // version, kind, bucket (u16 length + 1), key (varint length + 1): then the write flags.
        int flags = encoded[1 + 1 + 3 + 2] & 0xff;

        assertThat(flags).isEqualTo(1 | 8); // a context and a write id, no seen write ids
        assertThat(roundTrip(write).seenWriteIds()).isEmpty();
    }
}
