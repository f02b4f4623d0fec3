package io.ringkv.membership;

import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** Delivers gossip inline to the gossipers it knows, by address; records every Syn sent. */
final class DirectGossipTransport implements GossipTransport {
    final Map<String, Gossiper> peers = new HashMap<>();
    final List<String> synsTo = new ArrayList<>();

    @Override
    public CompletableFuture<Ack> syn(String address, Syn syn) {
        synsTo.add(address);
        Gossiper peer = peers.get(address);
        if (peer == null) {
            return CompletableFuture.failedFuture(new IllegalStateException("unreachable " + address));
        }
        return peer.onSyn(syn)
                .map(CompletableFuture::completedFuture)
                .orElseGet(() -> CompletableFuture.failedFuture(new IllegalStateException("rejected")));
    }

    @Override
    public void ack2(String address, Ack2 ack2) {
        Gossiper peer = peers.get(address);
        if (peer != null) {
            peer.onAck2(ack2);
        }
    }
}
