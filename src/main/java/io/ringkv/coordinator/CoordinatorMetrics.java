package io.ringkv.coordinator;

import io.ringkv.port.Metrics;

/** What the coordinator counts. */
final class CoordinatorMetrics {
    final Metrics.Counter readRepairs;
    final Metrics.Counter speculativeReads;
    final Metrics.Counter quorumFailures;
    final Metrics.Counter coordinatorRetries;
    final Metrics.Counter hintedWrites;
    final Metrics.Counter pendingWrites;

    CoordinatorMetrics(Metrics metrics) {
        this.readRepairs = metrics.counter("ringkv.coordinator.read.repairs");
        this.speculativeReads = metrics.counter("ringkv.coordinator.read.speculative");
        this.quorumFailures = metrics.counter("ringkv.coordinator.quorum.failures");
        this.coordinatorRetries = metrics.counter("ringkv.coordinator.write.coordinator.retries");
        this.hintedWrites = metrics.counter("ringkv.coordinator.write.hinted");
        this.pendingWrites = metrics.counter("ringkv.coordinator.write.pending");
    }
}
