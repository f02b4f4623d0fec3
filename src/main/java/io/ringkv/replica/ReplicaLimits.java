package io.ringkv.replica;

/**
 * Bounds on what one key may hold.
 *
 * @param siblingsWarn past this many siblings a write is logged and counted
 * @param siblingsMax a write that would leave more siblings than this is refused
 * @param objectWarnBytes past this encoded object size a write is logged and counted
 * @param objectMaxBytes a write that would make the encoded object larger than this is refused
 */
public record ReplicaLimits(int siblingsWarn, int siblingsMax, long objectWarnBytes, long objectMaxBytes) {
    public static final ReplicaLimits DEFAULTS = new ReplicaLimits(25, 100, 5L << 20, 50L << 20);

    public ReplicaLimits {
        if (siblingsWarn < 1 || siblingsMax < 1 || objectWarnBytes < 1 || objectMaxBytes < 1) {
            throw new IllegalArgumentException("replica limits must be positive");
        }
    }
}
