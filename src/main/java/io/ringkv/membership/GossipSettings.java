package io.ringkv.membership;

/**
 * How a node gossips and judges its peers.
 *
 * @param clusterName messages naming another cluster are rejected
 * @param intervalNanos how often a round runs (the heartbeat interval)
 * @param phiThreshold phi at which a peer is DOWN; SUSPECT from half of it
 * @param windowSize inter-arrival times the detector keeps per peer
 * @param minStdDevNanos floor of the detector's standard deviation
 * @param acceptablePauseNanos silence tolerated on top of the mean interval
 */
public record GossipSettings(
        String clusterName,
        long intervalNanos,
        double phiThreshold,
        int windowSize,
        long minStdDevNanos,
        long acceptablePauseNanos) {
    private static final long MS = 1_000_000L;

    public GossipSettings {
        if (clusterName == null || clusterName.isEmpty()) {
            throw new IllegalArgumentException("cluster name must not be empty");
        }
        if (intervalNanos <= 0) {
            throw new IllegalArgumentException("gossip interval must be positive, was " + intervalNanos);
        }
        if (!(phiThreshold > 0)) {
            throw new IllegalArgumentException("phi threshold must be positive, was " + phiThreshold);
        }
    }

    /** One round a second, DOWN at phi 8, a 500 ms floor on the deviation and 2 s acceptable pause. */
    public static GossipSettings defaults(String clusterName) {
        return new GossipSettings(clusterName, 1000 * MS, 8.0, 1000, 500 * MS, 2000 * MS);
    }

    PhiAccrualDetector newDetector() {
        return new PhiAccrualDetector(windowSize, minStdDevNanos, acceptablePauseNanos, intervalNanos);
    }
}
