package io.ringkv.storage;

import io.ringkv.port.Clock;
import io.ringkv.port.FileIO;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import java.util.Objects;

/** The ports the storage engine runs on. */
public record StorageEnvironment(FileIO fileIO, Clock clock, Scheduler scheduler, Metrics metrics) {
    public StorageEnvironment {
        Objects.requireNonNull(fileIO, "fileIO");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(scheduler, "scheduler");
        Objects.requireNonNull(metrics, "metrics");
    }
}
