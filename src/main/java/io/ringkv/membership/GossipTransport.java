package io.ringkv.membership;

import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import java.util.concurrent.CompletableFuture;

/**
 * Carries gossip to a peer at an address: over HTTP between nodes, through a simulated network in
 * tests. Never blocks the caller; losing a message is allowed, gossip repeats.
 */
public interface GossipTransport {

    /**
     * Sends {@code syn}; the future completes with the peer's answer, or exceptionally when the peer
     * cannot be reached, rejects it, or answers with bytes that do not decode ({@link
     * io.ringkv.kv.EncodingException} as the cause).
     */
    CompletableFuture<Ack> syn(String address, Syn syn);

    /** Sends the last step of an exchange, without waiting for anything. */
    void ack2(String address, Ack2 ack2);
}
