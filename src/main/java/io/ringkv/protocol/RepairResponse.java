package io.ringkv.protocol;

import java.util.List;

/** A replica's answer to a {@link RepairRequest}. */
public sealed interface RepairResponse {

    /** The hashes asked for by a {@link RepairRequest.Level}, in the order asked. */
    record Hashes(long[] hashes) implements RepairResponse {}

    /**
     * The keys of leaves asked for by a {@link RepairRequest.Keys}, leaves ascending. A replica may
     * answer fewer leaves than asked (an answer has a size bound): the asker asks again for the rest.
     */
    record Keys(List<LeafKeys> leaves) implements RepairResponse {}

    /** The replica could not answer (its storage failed, or it has no such partition). */
    record Failed(String message) implements RepairResponse {}

    /** One leaf's keys (bucket, key, version hash) in storage order. */
    record LeafKeys(int leaf, List<KeyHash> keys) {}

    /** One key and the hash of its versions ({@code io.ringkv.repair.VersionHash}). */
    record KeyHash(String bucket, byte[] key, long versionHash) {}
}
