package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.kv.VersionedObject;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.sim.SimClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import org.junit.jupiter.api.Test;

/** Calls to a peer: how many are in flight, and how the requests that wait are batched. */
class BatchingTransportTest {
    private static final long TIMEOUT = 5_000_000_000L;
    private final SimClock clock = new SimClock();

    /** A network whose calls stay in flight until the test answers them. */
    static final class HeldNetwork implements ReplicaTransport {
        record Call(String node, List<ReplicaRequest> requests, CompletableFuture<List<ReplicaResponse>> answer) {}

        final List<Call> calls = new ArrayList<>();

        @Override
        public CompletableFuture<ReplicaResponse> send(String node, ReplicaRequest request) {
            return sendAll(node, List.of(request)).thenApply(responses -> responses.get(0));
        }

        @Override
        public CompletableFuture<List<ReplicaResponse>> sendAll(String node, List<ReplicaRequest> requests) {
            Call call = new Call(node, requests, new CompletableFuture<>());
            calls.add(call);
            return call.answer();
        }

        /** Answers call {@code i} with, for each request, its key as the stored value. */
        void answer(int i) {
            Call call = calls.get(i);
            List<ReplicaResponse> responses = new ArrayList<>();
            for (ReplicaRequest request : call.requests()) {
                responses.add(new ReplicaResponse.Versions(object(new String(request.key(), StandardCharsets.UTF_8))));
            }
            call.answer().complete(responses);
        }

        List<Integer> sizes() {
            return calls.stream().map(c -> c.requests().size()).toList();
        }
    }

    private static VersionedObject object(String value) {
        return VersionedObject.ABSENT.update(
                "n",
                VersionVector.EMPTY,
                Content.value("text/plain", value.getBytes(StandardCharsets.UTF_8), Content.NO_EXPIRY),
                1,
                ConflictResolution.SIBLINGS);
    }

    private static ReplicaRequest get(String key) {
        return new ReplicaRequest.Get("b", key.getBytes(StandardCharsets.UTF_8));
    }

    private static ReplicaRequest merge(String key, int valueBytes) {
        return new ReplicaRequest.Merge(
                "b", key.getBytes(StandardCharsets.UTF_8), object("x".repeat(valueBytes)), ConflictResolution.SIBLINGS);
    }

    private static String value(CompletableFuture<ReplicaResponse> answer) {
        VersionedObject object = ((ReplicaResponse.Versions) answer.join()).object();
        return new String(object.siblings().get(0).content().value(), StandardCharsets.UTF_8);
    }

    @Test
    void anIdleLaneSendsARequestAtOnceAndAlone() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 64);

        CompletableFuture<ReplicaResponse> answer = transport.send("n2", get("k"));

        assertThat(network.sizes()).containsExactly(1);
        network.answer(0);
        assertThat(value(answer)).isEqualTo("k");
    }

    @Test
    void requestsThatFindTheLaneFullGoTogetherInTheNextCallAndEachGetsItsOwnAnswer() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 2, 64);

        CompletableFuture<ReplicaResponse> first = transport.send("n2", get("a"));
        CompletableFuture<ReplicaResponse> second = transport.send("n2", get("b"));
        List<CompletableFuture<ReplicaResponse>> waiting = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            waiting.add(transport.send("n2", get("w" + i)));
        }
        assertThat(network.sizes())
                .as("two calls in flight, five requests waiting")
                .containsExactly(1, 1);

        network.answer(1);

        assertThat(network.sizes()).containsExactly(1, 1, 5);
        assertThat(value(second)).isEqualTo("b");
        assertThat(first).isNotDone();
        network.answer(2);
        for (int i = 0; i < 5; i++) {
            assertThat(value(waiting.get(i))).isEqualTo("w" + i);
        }
        network.answer(0);
        assertThat(value(first)).isEqualTo("a");
        assertThat(network.sizes()).as("nothing left to send").hasSize(3);
    }

    @Test
    void eachNodeAndEachKindHasItsOwnLaneSoAReadNeverWaitsBehindAWrite() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 64);

        transport.send("n2", merge("w", 10));
        transport.send("n2", get("r"));
        transport.send("n3", get("r"));

        assertThat(network.calls).extracting(HeldNetwork.Call::node).containsExactly("n2", "n2", "n3");
        assertThat(network.calls.get(1).requests().get(0)).isInstanceOf(ReplicaRequest.Get.class);
    }

    @Test
    void aBatchHoldsAtMostTheBatchSizeAndTheByteBoundBeyondItsFirstRequest() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 3);
        transport.send("n2", merge("first", 1));
        for (int i = 0; i < 4; i++) {
            transport.send("n2", merge("small" + i, 10));
        }
        int half = (int) (BatchingTransport.MAX_BATCH_BYTES / 2);
        transport.send("n2", merge("big1", half));
        transport.send("n2", merge("big2", half));
        transport.send("n2", merge("huge", (int) BatchingTransport.MAX_BATCH_BYTES * 2));

        network.answer(0);
        network.answer(1);
        network.answer(2);
        network.answer(3);

        assertThat(network.sizes())
                .as("first alone; 3 by count; the last small one with the first big one; the second big"
                        + " one alone (both would pass the byte bound); the huge one alone")
                .containsExactly(1, 3, 2, 1, 1);
    }

    @Test
    void aFailedCallFailsEveryRequestItCarriedAndTheLaneGoesOn() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 64);
        transport.send("n2", get("a"));
        CompletableFuture<ReplicaResponse> b = transport.send("n2", get("b"));
        CompletableFuture<ReplicaResponse> c = transport.send("n2", get("c"));
        network.answer(0);

        network.calls.get(1).answer().completeExceptionally(new IOException("connection reset"));

        assertThatThrownBy(b::join).hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(c::join).hasRootCauseMessage("connection reset");
        CompletableFuture<ReplicaResponse> d = transport.send("n2", get("d"));
        assertThat(network.sizes()).containsExactly(1, 2, 1);
        network.answer(2);
        assertThat(value(d)).isEqualTo("d");
    }

    @Test
    void aCallThatNeverEndsStopsHoldingItsPlaceAfterTheCallTimeout() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 64);
        transport.send("n2", get("lost"));
        CompletableFuture<ReplicaResponse> waiting = transport.send("n2", get("waiting"));
        clock.advance(TIMEOUT);
        transport.send("n2", get("not-yet"));
        assertThat(network.sizes()).as("the lost call is still within its time").containsExactly(1);

        clock.advance(1);
        CompletableFuture<ReplicaResponse> after = transport.send("n2", get("after"));

        assertThat(network.sizes()).containsExactly(1, 3);
        network.answer(0);
        CompletableFuture<ReplicaResponse> next = transport.send("n2", get("next"));
        assertThat(network.sizes())
                .as("the late end of the abandoned call frees no second place")
                .containsExactly(1, 3);
        network.answer(1);
        assertThat(value(waiting)).isEqualTo("waiting");
        assertThat(value(after)).isEqualTo("after");
        assertThat(network.sizes()).containsExactly(1, 3, 1);
        network.answer(2);
        assertThat(value(next)).isEqualTo("next");
    }

    @Test
    void aLaneKeepsABoundedNumberOfWaitingRequestsAndRefusesMoreAtOnce() {
        HeldNetwork network = new HeldNetwork();
        BatchingTransport transport = new BatchingTransport(network, clock, TIMEOUT, 1, 64);
        transport.send("n2", get("in-flight"));
        for (int i = 0; i < BatchingTransport.MAX_QUEUED; i++) {
            transport.send("n2", get("q" + i));
        }

        CompletableFuture<ReplicaResponse> refused = transport.send("n2", get("one-too-many"));

        assertThatThrownBy(refused::join)
                .hasCauseInstanceOf(RejectedExecutionException.class)
                .hasMessageContaining("n2");
        assertThat(transport.send("n3", get("other-node"))).isNotDone();
    }

    @Test
    void settingsBelowOneAreRefused() {
        assertThatThrownBy(() -> new BatchingTransport(new HeldNetwork(), clock, TIMEOUT, 0, 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatchingTransport(new HeldNetwork(), clock, TIMEOUT, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
