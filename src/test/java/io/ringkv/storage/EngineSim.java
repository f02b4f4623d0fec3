package io.ringkv.storage;

import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** An engine's simulated world: an in-memory disk that can lose power, a manual clock and an inline scheduler. */
final class EngineSim {
    static final Path DATA_DIR = Path.of("/db");

    final SimFileIO fileIO = new SimFileIO();
    final SimClock clock = new SimClock();
    final RecordingMetrics metrics = new RecordingMetrics();
    private SimScheduler scheduler = new SimScheduler(clock);
    private StorageOptions options;

    EngineSim(StorageOptions options) {
        this.options = options;
    }

    /**
     * Small tables, segments and blocks so that a few hundred writes cross many flushes, segment
     * rolls and compactions; every write forced before it is acknowledged.
     */
    static StorageOptions.Builder smallOptions() {
        return StorageOptions.builder(DATA_DIR)
                .syncPolicy(SyncPolicy.ALWAYS)
                .memtableBytes(4096)
                .segmentBytes(8192)
                .blockBytes(256)
                .compactionMinTables(2)
                .compactionMaxTables(4)
                .compactionBytesPerSecond(0);
    }

    StorageOptions options() {
        return options;
    }

    void options(StorageOptions newOptions) {
        this.options = newOptions;
    }

    StorageEngine open() throws IOException {
        return StorageEngine.open(options, environment());
    }

    StorageEnvironment environment() {
        return new StorageEnvironment(fileIO, clock, scheduler, metrics);
    }

    /** Lets time pass, running the timers that fall due. */
    void advanceMillis(long millis) {
        scheduler.advance(millis * 1_000_000L);
    }

    /**
     * Cuts the power: only forced bytes and forced directory entries survive. The next engine gets a
     * fresh scheduler, so timers of the engine that was running can never fire again.
     */
    void crash(SimFileIO.TornTail tail, Random random) {
        fileIO.crash(tail, random);
        scheduler = new SimScheduler(clock);
    }

    /** The commit log segments ({@code commitlog-*.log}) in the data directory or a subdirectory of it. */
    List<Path> commitLogs() throws IOException {
        List<Path> logs = new ArrayList<>();
        for (Path dir : candidateDirectories()) {
            for (String name : fileIO.list(dir)) {
                if (name.startsWith("commitlog-") && name.endsWith(".log")) {
                    logs.add(dir.resolve(name));
                }
            }
        }
        logs.sort(null);
        return logs;
    }

    /** Bytes of every file the engine keeps, the measure of space a purge gives back. */
    long totalBytes() throws IOException {
        long total = 0;
        for (Path dir : candidateDirectories()) {
            for (String name : fileIO.list(dir)) {
                total += fileIO.length(dir.resolve(name));
            }
        }
        return total;
    }

    private List<Path> candidateDirectories() {
        Path dir = options.dataDir();
        List<Path> dirs = new ArrayList<>(List.of(dir));
        for (String sub : List.of("commitlog", "commitlogs", "log", "wal", "sstables", "tables", "data")) {
            dirs.add(dir.resolve(sub));
        }
        return dirs;
    }
}
