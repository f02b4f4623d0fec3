package io.ringkv.membership;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The states of every node this node has heard of, and the three steps of an exchange with a peer:
 * the initiator sends its digests; the peer answers with the states it has that are newer and the
 * digests of those it wants; the initiator sends those. Newer states replace older ones; older and
 * equal ones are ignored, so the exchange may repeat or cross another without harm.
 */
public final class GossipState {
    private final Map<String, EndpointState> states = new TreeMap<>();

    public EndpointState get(String node) {
        return states.get(node);
    }

    public Collection<EndpointState> all() {
        return states.values();
    }

    public List<Digest> digests() {
        List<Digest> digests = new ArrayList<>(states.size());
        for (EndpointState s : states.values()) {
            digests.add(Digest.of(s));
        }
        return digests;
    }

    /**
     * Takes in a state heard of; returns whether it was newer than what this node had (a heartbeat
     * the failure detector should count).
     */
    public boolean apply(EndpointState state) {
        EndpointState known = states.get(state.node());
        if (known == null || state.isNewerThan(known)) {
            states.put(state.node(), state);
            return true;
        }
        return false;
    }

    /** The peer's answer to {@code digests}: states newer here (or unknown there), and digests wanted. */
    public Reply answer(List<Digest> digests) {
        List<EndpointState> newer = new ArrayList<>();
        List<Digest> wanted = new ArrayList<>();
        Map<String, Digest> theirs = new TreeMap<>();
        for (Digest d : digests) {
            theirs.put(d.node(), d);
            EndpointState mine = states.get(d.node());
            if (mine == null || d.isNewerThan(mine)) {
                wanted.add(d);
            } else if (mine.isNewerThan(new EndpointState(d.node(), "", d.generation(), d.version(), false, "", 0))) {
                newer.add(mine);
            }
        }
        for (EndpointState mine : states.values()) {
            if (!theirs.containsKey(mine.node())) {
                newer.add(mine);
            }
        }
        return new Reply(newer, wanted);
    }

    /** The states asked for by {@code wanted} that this node has. */
    public List<EndpointState> statesFor(List<Digest> wanted) {
        List<EndpointState> out = new ArrayList<>(wanted.size());
        for (Digest d : wanted) {
            EndpointState mine = states.get(d.node());
            if (mine != null) {
                out.add(mine);
            }
        }
        return out;
    }

    /**
     * A peer's answer to an initiator's digests.
     *
     * @param newer states the peer has that are newer than the initiator's
     * @param wanted digests of the states the peer wants from the initiator
     */
    public record Reply(List<EndpointState> newer, List<Digest> wanted) {}
}
