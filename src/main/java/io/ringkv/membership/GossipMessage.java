package io.ringkv.membership;

import io.ringkv.ring.Ring;
import java.util.List;

/**
 * The three messages of a gossip exchange. Each names the cluster it belongs to, so that nodes of
 * another cluster that reach this one by mistake are told apart, and the node that sent it. The
 * ring travels with them: each side says the version of the ring it holds, and the other sends its
 * ring along only when it holds a newer one.
 */
public sealed interface GossipMessage {

    String clusterName();

    String from();

    /**
     * The initiator's digests of every state it knows.
     *
     * @param ringVersion the version of the ring the initiator holds (0: none yet)
     */
    record Syn(String clusterName, String from, long ringVersion, List<Digest> digests) implements GossipMessage {
        public Syn {
            digests = List.copyOf(digests);
        }

        /** A Syn from a node that holds no ring yet. */
        public Syn(String clusterName, String from, List<Digest> digests) {
            this(clusterName, from, 0, digests);
        }
    }

    /**
     * The peer's answer: the states it has that are newer, and the digests of those it wants.
     *
     * @param ringVersion the version of the ring the peer holds (0: none yet)
     * @param ring the peer's ring when it is newer than the initiator's, else null
     */
    record Ack(
            String clusterName,
            String from,
            long ringVersion,
            Ring ring,
            List<EndpointState> states,
            List<Digest> wanted)
            implements GossipMessage {
        public Ack {
            states = List.copyOf(states);
            wanted = List.copyOf(wanted);
        }

        /** An Ack from a node that holds no ring yet. */
        public Ack(String clusterName, String from, List<EndpointState> states, List<Digest> wanted) {
            this(clusterName, from, 0, null, states, wanted);
        }
    }

    /**
     * The initiator's last word: the states the peer wanted.
     *
     * @param ring the initiator's ring when it is newer than the peer's, else null
     */
    record Ack2(String clusterName, String from, Ring ring, List<EndpointState> states) implements GossipMessage {
        public Ack2 {
            states = List.copyOf(states);
        }

        /** An Ack2 without a ring. */
        public Ack2(String clusterName, String from, List<EndpointState> states) {
            this(clusterName, from, null, states);
        }
    }
}
