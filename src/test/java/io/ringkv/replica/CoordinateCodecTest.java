package io.ringkv.replica;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.WriteId;
import java.nio.charset.StandardCharsets;
import java.util.Map;
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
}
