package io.ringkv.bench;

import org.HdrHistogram.Histogram;

/**
 * What one row measured on one engine.
 *
 * @param units operations done (keys read, for scans)
 * @param elapsedNanos wall-clock time from the first operation's start to the last one's end
 * @param latencyNanos the latency of each timed call
 */
record Measurement(long units, long elapsedNanos, Histogram latencyNanos) {

    double unitsPerSecond() {
        return units * 1e9 / elapsedNanos;
    }

    double p50Micros() {
        return latencyNanos.getValueAtPercentile(50) / 1e3;
    }

    double p99Micros() {
        return latencyNanos.getValueAtPercentile(99) / 1e3;
    }
}
