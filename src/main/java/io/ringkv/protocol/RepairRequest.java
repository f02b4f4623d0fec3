package io.ringkv.protocol;

/** What one replica asks another about a partition during an exchange. */
public sealed interface RepairRequest {
    RepairScope scope();

    /** The hashes of the given nodes (ascending indexes) of one level of the tree. */
    record Level(RepairScope scope, int level, int[] indexes) implements RepairRequest {}

    /** The keys and version hashes of the given leaves (ascending). */
    record Keys(RepairScope scope, int[] leaves) implements RepairRequest {}
}
