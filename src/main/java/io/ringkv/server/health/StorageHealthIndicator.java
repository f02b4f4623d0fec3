package io.ringkv.server.health;

import io.ringkv.port.FileIO;
import io.ringkv.server.config.RingkvProperties;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;

/**
 * DOWN when the storage engine has stopped accepting writes or the data directory's disk is nearly
 * full; part of the readiness group, so such a node gets no traffic but is not restarted. The hint
 * log's state is a detail ({@code hintLog}): a hint log that stopped taking hints leaves the status
 * as it is, because the node still serves its own replicas and coordinators send hints to the next
 * fallback.
 */
public class StorageHealthIndicator extends AbstractHealthIndicator {
    private final StorageEngine engine;
    private final FileIO fileIO;
    private final Path dataDir;
    private final long minFreeBytes;
    private final Supplier<IOException> hintLogFailure;

    public StorageHealthIndicator(StorageEngine engine, FileIO fileIO, Path dataDir, long minFreeBytes) {
        this(engine, fileIO, dataDir, minFreeBytes, () -> null);
    }

    /** @param hintLogFailure why the hint log stopped taking hints, or null while it takes them */
    public StorageHealthIndicator(
            StorageEngine engine,
            FileIO fileIO,
            Path dataDir,
            long minFreeBytes,
            Supplier<IOException> hintLogFailure) {
        super("storage health check failed");
        this.engine = engine;
        this.fileIO = fileIO;
        this.dataDir = dataDir;
        this.minFreeBytes = minFreeBytes;
        this.hintLogFailure = hintLogFailure;
    }

    public StorageHealthIndicator(
            StorageEngine engine, FileIO fileIO, RingkvProperties properties, Supplier<IOException> hintLogFailure) {
        this(
                engine,
                fileIO,
                properties.dataDir(),
                properties.storage().minFreeDisk().toBytes(),
                hintLogFailure);
    }

    @Override
    protected void doHealthCheck(Health.Builder builder) throws IOException {
        long freeBytes = fileIO.usableSpace(dataDir);
        builder.withDetail("dataDir", dataDir.toAbsolutePath().toString())
                .withDetail("freeBytes", freeBytes)
                .withDetail("minFreeBytes", minFreeBytes)
                .withDetail("tableCount", engine.tableCount())
                .withDetail("tableBytes", engine.tableBytes());
        IOException hintFailure = hintLogFailure.get();
        builder.withDetail("hintLog", hintFailure == null ? "taking hints" : "failed: " + hintFailure.getMessage());
        IOException failure = engine.failure();
        if (failure != null) {
            builder.down().withDetail("failure", String.valueOf(failure.getMessage()));
        } else if (freeBytes < minFreeBytes) {
            builder.down().withDetail("reason", "usable disk space below ringkv.storage.min-free-disk");
        } else {
            builder.up();
        }
    }
}
