package io.ringkv.membership;

import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipMessage.Ack;
import io.ringkv.membership.GossipMessage.Ack2;
import io.ringkv.membership.GossipMessage.Syn;
import io.ringkv.port.Cancellable;
import io.ringkv.port.Metrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimScheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Gossipers on a simulated clock, talking through the codec over a network with seeded random
 * delays and loss. A killed node stops its rounds and neither sends nor receives.
 */
final class SimGossipNetwork {
    static final long MS = 1_000_000L;
    static final long SECOND = 1000 * MS;
    private static final long TIMEOUT = SECOND;

    final SimClock clock = new SimClock();
    final SimScheduler scheduler = new SimScheduler(clock);
    final List<Gossiper> nodes = new ArrayList<>();
    private final Map<String, Gossiper> byAddress = new HashMap<>();
    private final Map<String, String> addressOf = new HashMap<>();
    private final Map<String, Cancellable> rounds = new HashMap<>();
    private final Set<String> dead = new HashSet<>();
    private final Random random;
    private final long maxDelayNanos;
    private final double loss;

    SimGossipNetwork(long seed, long maxDelayNanos, double loss) {
        this.random = new Random(seed);
        this.maxDelayNanos = maxDelayNanos;
        this.loss = loss;
    }

    static String node(int i) {
        return "n" + i;
    }

    static String address(int i) {
        return "n" + i + ":7000";
    }

    /** Starts {@code n} nodes of one cluster whose seeds are the first {@code seeds} nodes. */
    static SimGossipNetwork start(int n, int seeds, long seed, long maxDelayNanos, double loss) {
        return start(GossipSettings.defaults("sim"), n, seeds, seed, maxDelayNanos, loss);
    }

    /** Like {@link #start(int, int, long, long, double)}, with the given settings at every node. */
    static SimGossipNetwork start(
            GossipSettings settings, int n, int seeds, long seed, long maxDelayNanos, double loss) {
        SimGossipNetwork net = new SimGossipNetwork(seed, maxDelayNanos, loss);
        List<String> seedAddresses = new ArrayList<>();
        for (int i = 0; i < seeds; i++) {
            seedAddresses.add(address(i));
        }
        for (int i = 0; i < n; i++) {
            net.add(settings, node(i), address(i), 1, seedAddresses, seed * 1000 + i);
        }
        return net;
    }

    Gossiper add(GossipSettings settings, String node, String address, long generation, List<String> seeds, long seed) {
        return add(settings, node, address, generation, seeds, seed, Metrics.noop());
    }

    Gossiper add(
            GossipSettings settings,
            String node,
            String address,
            long generation,
            List<String> seeds,
            long seed,
            Metrics metrics) {
        EndpointState self = new EndpointState(node, address, generation, 0, false, "UP", 1);
        Gossiper g = new Gossiper(
                settings, self, seeds, new Transport(node), clock, new Random(seed), metrics, RingHolder.none());
        nodes.removeIf(old -> old.self().address().equals(address)); // a restart replaces its node
        nodes.add(g);
        byAddress.put(address, g);
        addressOf.put(node, address);
        dead.remove(address);
        // Nodes start at random offsets within one interval, as real ones would.
        long offset = (long) (random.nextDouble() * settings.intervalNanos());
        scheduler.schedule(offset, () -> {
            if (!dead.contains(address)) {
                g.round();
                rounds.put(address, scheduler.scheduleAtFixedRate(settings.intervalNanos(), g::round));
            }
        });
        return g;
    }

    void kill(String node) {
        String address = addressOf.get(node);
        dead.add(address);
        Cancellable r = rounds.remove(address);
        if (r != null) {
            r.cancel();
        }
    }

    void run(long nanos) {
        scheduler.advance(nanos);
    }

    long now() {
        return clock.nanos();
    }

    List<Gossiper> alive() {
        List<Gossiper> out = new ArrayList<>();
        for (Gossiper g : nodes) {
            if (!dead.contains(g.self().address())) {
                out.add(g);
            }
        }
        return out;
    }

    /** Whether every live node sees every other live node UP. */
    boolean allUp() {
        List<Gossiper> alive = alive();
        for (Gossiper observer : alive) {
            for (Gossiper other : alive) {
                if (observer.status(other.self().node(), now()) != MemberStatus.UP) {
                    return false;
                }
            }
        }
        return true;
    }

    private boolean dropped() {
        return loss > 0 && random.nextDouble() < loss;
    }

    private long delay() {
        return maxDelayNanos == 0 ? 0 : (long) (random.nextDouble() * maxDelayNanos);
    }

    /** One node's view of the network. */
    private final class Transport implements GossipTransport {
        private final String node;

        Transport(String node) {
            this.node = node;
        }

        @Override
        public CompletableFuture<Ack> syn(String address, Syn syn) {
            CompletableFuture<Ack> answer = new CompletableFuture<>();
            byte[] request = GossipCodec.encode(syn);
            Gossiper target = byAddress.get(address);
            if (target == null || dead.contains(address) || dropped()) {
                timeOut(answer);
                return answer;
            }
            scheduler.schedule(delay(), () -> {
                Optional<byte[]> reply = dead.contains(address) ? Optional.empty() : target.receive(request);
                if (reply.isEmpty() || dropped()) {
                    timeOut(answer);
                    return;
                }
                scheduler.schedule(delay(), () -> {
                    if (dead.contains(addressOf.get(node))) {
                        return;
                    }
                    try {
                        answer.complete(GossipCodec.decode(reply.get(), Ack.class));
                    } catch (EncodingException e) {
                        answer.completeExceptionally(e);
                    }
                });
            });
            return answer;
        }

        @Override
        public void ack2(String address, Ack2 ack2) {
            byte[] message = GossipCodec.encode(ack2);
            Gossiper target = byAddress.get(address);
            if (target == null || dropped()) {
                return;
            }
            scheduler.schedule(delay(), () -> {
                if (!dead.contains(address)) {
                    target.receive(message);
                }
            });
        }

        private void timeOut(CompletableFuture<Ack> answer) {
            scheduler.schedule(TIMEOUT, () -> answer.completeExceptionally(new IllegalStateException("timed out")));
        }
    }
}
