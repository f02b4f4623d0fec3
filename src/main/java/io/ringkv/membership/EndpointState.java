package io.ringkv.membership;

/**
 * What a node says about itself, as gossip spreads it. A state replaces another of the same node
 * when its (generation, version) is greater: the generation changes when the node restarts, the
 * version grows with every heartbeat and every change within a generation.
 *
 * @param node the node's id
 * @param address where it takes requests ({@code host:port})
 * @param generation its incarnation (its start time); a restart gives a greater one
 * @param version its heartbeat counter within the generation
 * @param leaving whether it has announced that it is leaving (or has left) the cluster
 * @param health its own Actuator health status ({@code UP}, {@code DOWN}, {@code OUT_OF_SERVICE},
 *     {@code UNKNOWN})
 * @param ringVersion the version of the ring it holds
 */
public record EndpointState(
        String node, String address, long generation, long version, boolean leaving, String health, long ringVersion) {

    /** Whether this state is newer than {@code other} (of the same node). */
    public boolean isNewerThan(EndpointState other) {
        return generation != other.generation ? generation > other.generation : version > other.version;
    }

    /** The next heartbeat: the same state, one version on. */
    public EndpointState beat() {
        return new EndpointState(node, address, generation, version + 1, leaving, health, ringVersion);
    }

    /** A change of what the node says, which is also a heartbeat. */
    public EndpointState with(String newHealth, long newRingVersion, boolean nowLeaving) {
        return new EndpointState(node, address, generation, version + 1, nowLeaving, newHealth, newRingVersion);
    }

    /** Whether the node itself says it should not get requests. */
    public boolean healthRoutedAround() {
        return "DOWN".equals(health) || "OUT_OF_SERVICE".equals(health);
    }
}
