package io.ringkv.transfer;

import io.ringkv.port.Metrics;

/** The counters of range transfers: {@code ringkv.transfer.keys}, {@code .bytes} and {@code .failures}. */
final class TransferMetrics {
    private final Metrics.Counter keys;
    private final Metrics.Counter bytes;
    private final Metrics.Counter failures;

    TransferMetrics(Metrics metrics) {
        this.keys = metrics.counter("ringkv.transfer.keys");
        this.bytes = metrics.counter("ringkv.transfer.bytes");
        this.failures = metrics.counter("ringkv.transfer.failures");
    }

    void received(int objects, long size) {
        keys.increment(objects);
        bytes.increment(size);
    }

    void failed() {
        failures.increment();
    }
}
