package io.ringkv.membership;

/** A summary of one node's state, sent first so that only newer states travel. */
public record Digest(String node, long generation, long version) {
    static Digest of(EndpointState state) {
        return new Digest(state.node(), state.generation(), state.version());
    }

    /** Whether the state behind this digest is newer than {@code state}. */
    boolean isNewerThan(EndpointState state) {
        return generation != state.generation() ? generation > state.generation() : version > state.version();
    }
}
