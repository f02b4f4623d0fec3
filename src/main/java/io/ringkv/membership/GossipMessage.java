package io.ringkv.membership;

import java.util.List;

/**
 * The three messages of a gossip exchange. Each names the cluster it belongs to, so that nodes of
 * another cluster that reach this one by mistake are told apart, and the node that sent it.
 */
public sealed interface GossipMessage {

    String clusterName();

    String from();

    /** The initiator's digests of every state it knows. */
    record Syn(String clusterName, String from, List<Digest> digests) implements GossipMessage {
        public Syn {
            digests = List.copyOf(digests);
        }
    }

    /** The peer's answer: the states it has that are newer, and the digests of those it wants. */
    record Ack(String clusterName, String from, List<EndpointState> states, List<Digest> wanted)
            implements GossipMessage {
        public Ack {
            states = List.copyOf(states);
            wanted = List.copyOf(wanted);
        }
    }

    /** The initiator's last word: the states the peer wanted. */
    record Ack2(String clusterName, String from, List<EndpointState> states) implements GossipMessage {
        public Ack2 {
            states = List.copyOf(states);
        }
    }
}
