package io.ringkv.sim;

import io.ringkv.kv.EncodingException;
import io.ringkv.membership.GossipCodec;
import io.ringkv.membership.GossipMessage;
import io.ringkv.protocol.RepairCodec;
import io.ringkv.protocol.RepairRequest;
import io.ringkv.protocol.RepairResponse;
import io.ringkv.protocol.ReplicaCodec;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.replica.ReplicaService;
import java.io.IOException;
import java.net.ConnectException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * The simulated network every node's {@link SimNetwork} sends through: each message crosses as
 * bytes (the replica codec's), after a random delay, so messages overtake each other. It can drop
 * messages, deliver a request twice, cut links one way or both, and lose everything to and from a
 * crashed node. A node's messages to itself stay in process: delayed, never lost while it is up.
 * Every random choice comes from the simulation's one seeded {@link Random}.
 */
public final class SimFabric {
    private final SimScheduler scheduler;
    private final SimClock clock;
    private final Random random;
    private final Trace trace;
    private final Function<String, ReplicaService> services;
    private Function<String, PartitionDigests> repairs = id -> {
        throw new IllegalStateException("no node answers anti-entropy requests");
    };
    private Function<String, SimGossip> gossips = id -> {
        throw new IllegalStateException("no node answers gossip");
    };
    private final Set<String> blocked = new HashSet<>();
    private final Set<String> crashed = new HashSet<>();
    private final Map<String, Integer> incarnations = new HashMap<>();
    /** Paused nodes and the simulated nanos at which they resume. */
    private final Map<String, Long> pausedUntil = new HashMap<>();

    private double dropRate;
    private double duplicateRate;
    private long maxDelayNanos = 20_000_000L;

    private long sent;
    private long delivered;
    private long dropped;
    private long duplicated;

    public SimFabric(
            SimScheduler scheduler,
            SimClock clock,
            Random random,
            Trace trace,
            Function<String, ReplicaService> services) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.random = random;
        this.trace = trace;
        this.services = services;
    }

    /** Where anti-entropy requests to a node are answered. */
    public void repairs(Function<String, PartitionDigests> repairs) {
        this.repairs = repairs;
    }

    /** Where gossip to a node is answered. */
    public void gossips(Function<String, SimGossip> gossips) {
        this.gossips = gossips;
    }

    /** Cuts the link so that nothing sent from {@code from} reaches {@code to}. */
    public void block(String from, String to) {
        blocked.add(from + "->" + to);
    }

    /** Cuts both directions between the two nodes. */
    public void partition(String a, String b) {
        block(a, b);
        block(b, a);
    }

    public void healLinks() {
        blocked.clear();
    }

    /** From now on every message to or from {@code node} is lost, and its in-flight answers too. */
    public void crash(String node) {
        crashed.add(node);
        incarnations.merge(node, 1, Integer::sum);
    }

    /**
     * Freezes {@code node} for {@code millis}, as a long garbage-collection pause or a stopped VM
     * would: what reaches it meanwhile waits, and is handled (and answered) when it resumes, in order.
     * Nothing it holds is lost.
     */
    public void pause(String node, long millis) {
        pausedUntil.merge(node, clock.nanos() + millis * 1_000_000L, Math::max);
    }

    public boolean isPaused(String node) {
        Long until = pausedUntil.get(node);
        return until != null && until > clock.nanos();
    }

    public void recover(String node) {
        crashed.remove(node);
    }

    public boolean isCrashed(String node) {
        return crashed.contains(node);
    }

    public void dropRate(double rate) {
        this.dropRate = rate;
    }

    public void duplicateRate(double rate) {
        this.duplicateRate = rate;
    }

    public void maxDelayMillis(long millis) {
        this.maxDelayNanos = millis * 1_000_000L;
    }

    /** Sends {@code request} from one node to another; see the class comment for what can happen. */
    CompletableFuture<ReplicaResponse> send(String from, String to, ReplicaRequest request) {
        return transmit(
                from,
                to,
                ReplicaCodec.encode(request),
                wire -> {
                    try {
                        ReplicaRequest received = ReplicaCodec.decodeRequest(wire);
                        return ReplicaCodec.encode(services.apply(to).handle(received));
                    } catch (EncodingException e) {
                        return ReplicaCodec.encode(
                                new ReplicaResponse.Failed("undecodable request: " + e.getMessage()));
                    }
                },
                ReplicaCodec::decodeResponse);
    }

    /** Sends an anti-entropy request, over the same faulty network as replica requests. */
    CompletableFuture<RepairResponse> sendRepair(String from, String to, RepairRequest request) {
        return transmit(
                from,
                to,
                RepairCodec.encode(request),
                wire -> {
                    try {
                        return RepairCodec.encode(repairs.apply(to).handle(RepairCodec.decodeRequest(wire)));
                    } catch (EncodingException e) {
                        return RepairCodec.encode(new RepairResponse.Failed("undecodable request: " + e.getMessage()));
                    }
                },
                RepairCodec::decodeResponse);
    }

    /**
     * Sends the first step of a gossip exchange (the address is the node's id), over the same faulty
     * network; the answer is the peer's Ack, or a failure when the peer rejected the Syn.
     */
    CompletableFuture<GossipMessage.Ack> sendSyn(String from, String to, GossipMessage.Syn syn) {
        return transmit(from, to, GossipCodec.encode(syn), wire -> gossipAnswer(to, wire), bytes -> {
            if (bytes.length == 0) {
                throw new IOException(to + " rejected the gossip exchange");
            }
            if (GossipCodec.decode(bytes) instanceof GossipMessage.Ack ack) {
                return ack;
            }
            throw new EncodingException("the answer to a Syn was not an Ack");
        });
    }

    /** Sends the last step of a gossip exchange; nothing waits for it. */
    void sendAck2(String from, String to, GossipMessage.Ack2 ack2) {
        transmit(from, to, GossipCodec.encode(ack2), wire -> gossipAnswer(to, wire), bytes -> bytes);
    }

    private byte[] gossipAnswer(String to, byte[] wire) {
        return gossips.apply(to).receive(wire).orElse(new byte[0]);
    }

    /** Turns the bytes of an answer into a message. */
    @FunctionalInterface
    interface Decoder<T> {
        T decode(byte[] bytes) throws Exception;
    }

    private <T> CompletableFuture<T> transmit(
            String from, String to, byte[] wire, UnaryOperator<byte[]> handler, Decoder<T> decoder) {
        CompletableFuture<T> answer = new CompletableFuture<>();
        int incarnation = incarnation(from);
        sent++;
        if (crashed.contains(to) && !crashed.contains(from) && !blocked.contains(from + "->" + to)) {
            // A machine that is down refuses connections: the sender learns it quickly.
            scheduler.schedule(delay(), () -> {
                trace.record("refused " + from + "->" + to);
                answer.completeExceptionally(new ConnectException("connection refused by " + to));
            });
            return answer;
        }
        if (lost(from, to)) {
            dropped++;
            trace.record("drop " + from + "->" + to);
            return answer;
        }
        deliverLater(from, to, wire, handler, decoder, answer, incarnation);
        if (!from.equals(to) && random.nextDouble() < duplicateRate) {
            duplicated++;
            deliverLater(from, to, wire, handler, decoder, answer, incarnation);
        }
        return answer;
    }

    private <T> void deliverLater(
            String from,
            String to,
            byte[] wire,
            UnaryOperator<byte[]> handler,
            Decoder<T> decoder,
            CompletableFuture<T> answer,
            int incarnation) {
        scheduler.schedule(delay(), () -> arrive(from, to, wire, handler, decoder, answer, incarnation));
    }

    private <T> void arrive(
            String from,
            String to,
            byte[] wire,
            UnaryOperator<byte[]> handler,
            Decoder<T> decoder,
            CompletableFuture<T> answer,
            int incarnation) {
        if (unreachable(from, to)) {
            dropped++;
            return;
        }
        if (isPaused(to)) {
            // Waits in the paused node's socket buffer; handled when it resumes. A tiny step past
            // the resume time keeps the order in which messages arrived.
            long wait = pausedUntil.get(to) - clock.nanos() + 1_000L;
            scheduler.schedule(wait, () -> arrive(from, to, wire, handler, decoder, answer, incarnation));
            return;
        }
        delivered++;
        trace.record("deliver " + from + "->" + to + " @" + clock.nanos(), wire);
        byte[] response = handler.apply(wire);
        scheduler.schedule(delay(), () -> {
            if (lost(to, from) || incarnation(from) != incarnation) {
                dropped++;
                return;
            }
            trace.record("answer " + to + "->" + from + " @" + clock.nanos(), response);
            try {
                answer.complete(decoder.decode(response));
            } catch (Exception e) {
                answer.completeExceptionally(e);
            }
        });
    }

    /** Lost in transit: a crashed end, a cut link, or bad luck. Messages to oneself are only lost to a crash. */
    private boolean lost(String from, String to) {
        if (unreachable(from, to)) {
            return true;
        }
        return !from.equals(to) && random.nextDouble() < dropRate;
    }

    private boolean unreachable(String from, String to) {
        return crashed.contains(from) || crashed.contains(to) || blocked.contains(from + "->" + to);
    }

    private int incarnation(String node) {
        return incarnations.getOrDefault(node, 0);
    }

    private long delay() {
        return 100_000L + random.nextLong(maxDelayNanos);
    }

    public long sent() {
        return sent;
    }

    public long delivered() {
        return delivered;
    }

    public long dropped() {
        return dropped;
    }

    public long duplicated() {
        return duplicated;
    }
}
