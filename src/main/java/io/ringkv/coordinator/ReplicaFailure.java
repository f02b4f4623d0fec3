package io.ringkv.coordinator;

/** Why one replica did not count toward a quorum. */
public record ReplicaFailure(String node, String reason) {
    @Override
    public String toString() {
        return node + ": " + reason;
    }
}
