package io.ringkv.server.transfer;

import io.ringkv.membership.RangeStats;
import io.ringkv.port.Clock;
import io.ringkv.transfer.RangeSize;
import io.ringkv.transfer.StreamTransport;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * A plan's estimates: what each source node says it holds per range ({@code GET
 * /internal/v1/ranges/stats}), asked once per node and kept for a short while, so one plan asks each
 * source once. A node that does not answer in time gives unknown estimates (-1), never a failed plan.
 */
public final class RemoteRangeStats implements RangeStats {
    private static final long ASK_TIMEOUT_MILLIS = 3_000;
    private static final long KEEP_NANOS = TimeUnit.SECONDS.toNanos(10);

    private record Answer(long atNanos, Map<Integer, RangeSize> sizes) {}

    private final StreamTransport transport;
    private final Clock clock;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    public RemoteRangeStats(StreamTransport transport, Clock clock) {
        this.transport = transport;
        this.clock = clock;
    }

    @Override
    public Estimate estimate(String node, int range) {
        Answer answer = answers.get(node);
        long now = clock.nanos();
        if (answer == null || now - answer.atNanos() > KEEP_NANOS) {
            answer = new Answer(now, ask(node));
            answers.put(node, answer);
        }
        if (answer.sizes().isEmpty()) {
            return Estimate.UNKNOWN;
        }
        RangeSize size = answer.sizes().get(range);
        return size == null ? new Estimate(0, 0) : new Estimate(size.objects(), size.bytes());
    }

    private Map<Integer, RangeSize> ask(String node) {
        try {
            List<RangeSize> sizes = transport.sizes(node).get(ASK_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS);
            Map<Integer, RangeSize> byRange = new HashMap<>();
            for (RangeSize size : sizes) {
                byRange.put(size.range(), size);
            }
            return byRange;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        } catch (Exception e) {
            return Map.of();
        }
    }
}
