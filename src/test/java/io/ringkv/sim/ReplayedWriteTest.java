package io.ringkv.sim;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.ReplicaStore;
import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A write request that reaches its coordinating replica twice (a transport retry) is stored once. */
class ReplayedWriteTest {
    private static final byte[] KEY = "k".getBytes(StandardCharsets.UTF_8);

    private static WriteRequest write(VersionVector seen, String value) {
        return new WriteRequest(
                seen,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    @Test
    void aRepeatedWriteLeavesOneVersionUnderOneDot() throws Exception {
        ReplicaStore store = new SimCluster(new Random(1), 3, 0, 500).node("n0").store();
        VersionedObject first = store.put("b", KEY, write(VersionVector.EMPTY, "v"));

        VersionedObject again = store.put("b", KEY, write(VersionVector.EMPTY, "v"));

        assertThat(again).isEqualTo(first);
        assertThat(store.get("b", KEY).siblings()).hasSize(1);
    }

    @Test
    void aDifferentValueOrOneWrittenAfterReadingIsANewVersion() throws Exception {
        ReplicaStore store = new SimCluster(new Random(1), 3, 0, 500).node("n0").store();
        VersionedObject first = store.put("b", KEY, write(VersionVector.EMPTY, "v"));

        assertThat(store.put("b", KEY, write(VersionVector.EMPTY, "w")).siblings())
                .hasSize(2);
        VersionedObject rewritten = store.put("b", KEY, write(first.context(), "v"));

        assertThat(rewritten.siblings()).hasSize(2);
        assertThat(rewritten.context()).isNotEqualTo(first.context());
    }

    @Test
    void anEqualValueWrittenToResolveSiblingsStillSupersedesWhatItsContextSaw() throws Exception {
        ReplicaStore store = new SimCluster(new Random(1), 3, 0, 500).node("n0").store();
        store.put("b", KEY, write(VersionVector.EMPTY, "v"));
        // A concurrent version written at another replica arrives by replication.
        VersionedObject fromM = VersionedObject.ABSENT.update(
                "m", VersionVector.EMPTY, write(VersionVector.EMPTY, "w").content(), 1, ConflictResolution.SIBLINGS);
        assertThat(store.merge("b", KEY, fromM, ConflictResolution.SIBLINGS).siblings())
                .hasSize(2);

        // A client that read only m's version writes the value n0 already holds, to resolve.
        VersionedObject resolved = store.put("b", KEY, write(fromM.context(), "v"));

        assertThat(resolved.siblings()).hasSize(1);
        assertThat(new String(resolved.siblings().get(0).content().value(), StandardCharsets.UTF_8))
                .isEqualTo("v");
        assertThat(store.get("b", KEY)).isEqualTo(resolved);
    }
}
