package io.ringkv.membership;

/** How much data a node holds in one key range: what a plan estimates each transfer to move. */
public interface RangeStats {
    /** Unknown for every range. */
    RangeStats UNKNOWN = (node, range) -> Estimate.UNKNOWN;

    /** The estimated keys and bytes {@code node} holds in {@code range}. */
    Estimate estimate(String node, int range);

    /** Estimated keys and bytes; -1 for unknown. */
    record Estimate(long keys, long bytes) {
        public static final Estimate UNKNOWN = new Estimate(-1, -1);
    }
}
