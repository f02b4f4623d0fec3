package io.ringkv.storage.commitlog;

import io.ringkv.port.Metrics;

/** The commit log's counters and timers, looked up once. */
final class CommitLogMetrics {
    static final String RECORDS = "ringkv.storage.commitlog.records";
    static final String BYTES = "ringkv.storage.commitlog.bytes";
    static final String FSYNCS = "ringkv.storage.commitlog.fsyncs";
    /** Records made durable by fsyncs; divided by the fsync count it gives the mean group size. */
    static final String GROUP_SIZE = "ringkv.storage.commitlog.group_size";

    static final String FAILURES = "ringkv.storage.commitlog.failures";
    static final String TRUNCATED_BYTES = "ringkv.storage.commitlog.truncated_bytes";
    static final String SALVAGED_REGIONS = "ringkv.storage.commitlog.salvaged_regions";

    final Metrics.Counter records;
    final Metrics.Counter bytes;
    final Metrics.Timer fsyncs;
    final Metrics.Counter groupSize;
    final Metrics.Counter failures;
    final Metrics.Counter truncatedBytes;
    final Metrics.Counter salvagedRegions;

    CommitLogMetrics(Metrics metrics) {
        records = metrics.counter(RECORDS);
        bytes = metrics.counter(BYTES);
        fsyncs = metrics.timer(FSYNCS);
        groupSize = metrics.counter(GROUP_SIZE);
        failures = metrics.counter(FAILURES);
        truncatedBytes = metrics.counter(TRUNCATED_BYTES);
        salvagedRegions = metrics.counter(SALVAGED_REGIONS);
    }
}
