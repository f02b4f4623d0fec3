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
 * @param health its own overall Actuator health status ({@code UP}, {@code DOWN}, {@code
 *     OUT_OF_SERVICE}, {@code UNKNOWN}); requests are routed around a node that says DOWN or
 *     OUT_OF_SERVICE
 * @param storageHealth the status of its storage health contributor alone
 * @param ringVersion the version of the ring it holds
 */
public record EndpointState(
        String node,
        String address,
        long generation,
        long version,
        boolean leaving,
        String health,
        String storageHealth,
        long ringVersion) {

    /** A state whose storage health is its overall health. */
    public EndpointState(
            String node,
            String address,
            long generation,
            long version,
            boolean leaving,
            String health,
            long ringVersion) {
        this(node, address, generation, version, leaving, health, health, ringVersion);
    }

    /** Whether this state is newer than {@code other} (of the same node). */
    public boolean isNewerThan(EndpointState other) {
        return generation != other.generation ? generation > other.generation : version > other.version;
    }

    /** The next heartbeat: the same state, one version on. */
    public EndpointState beat() {
        return new EndpointState(node, address, generation, version + 1, leaving, health, storageHealth, ringVersion);
    }

    /** A change of health, which is also a heartbeat. */
    public EndpointState withHealth(String newHealth, String newStorageHealth) {
        return new EndpointState(
                node, address, generation, version + 1, leaving, newHealth, newStorageHealth, ringVersion);
    }

    /** A change of the ring held, which is also a heartbeat. */
    public EndpointState withRingVersion(long newRingVersion) {
        return new EndpointState(
                node, address, generation, version + 1, leaving, health, storageHealth, newRingVersion);
    }

    /** The announcement that the node leaves, which is also a heartbeat. */
    public EndpointState leavingNow() {
        return new EndpointState(node, address, generation, version + 1, true, health, storageHealth, ringVersion);
    }

    /** Whether the node itself says it should not get requests. */
    public boolean healthRoutedAround() {
        return "DOWN".equals(health) || "OUT_OF_SERVICE".equals(health);
    }
}
