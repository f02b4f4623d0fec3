package io.ringkv.storage;

import io.ringkv.port.FileIO;
import io.ringkv.storage.commitlog.CommitLog;
import io.ringkv.storage.commitlog.CommitLogOptions;
import io.ringkv.storage.commitlog.ReplayResult;
import io.ringkv.storage.memtable.Memtable;
import io.ringkv.storage.sstable.BlockCache;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Brings a data directory to a consistent state on open: reads the manifest, deletes files a
 * crash left behind, opens the live tables, replays the commit log into a table, and starts a
 * fresh log segment.
 */
final class EngineOpener {
    private static final System.Logger LOG = System.getLogger(EngineOpener.class.getName());

    /** The parts of an opened engine, handed to its constructor. */
    record Parts(
            StorageOptions options,
            StorageEnvironment env,
            EngineMetrics metrics,
            BlockCache cache,
            ManifestStore manifests,
            TableFactory tables,
            EngineState state,
            CommitLog log,
            FileNumbers fileNumbers,
            long lastSequenceInTables) {}

    private final StorageOptions options;
    private final StorageEnvironment env;
    private final FileIO io;
    private final Path dir;

    EngineOpener(StorageOptions options, StorageEnvironment env) {
        this.options = options;
        this.env = env;
        this.io = env.fileIO();
        this.dir = options.dataDir();
    }

    StorageEngine open(Function<Parts, StorageEngine> assembly) throws IOException {
        io.createDirectories(dir);
        EngineMetrics metrics = new EngineMetrics(env.metrics());
        ManifestStore manifests = new ManifestStore(io, dir);
        Manifest manifest = manifests.read();
        removeLeftovers(manifest);

        // Caffeine's maintenance (eviction, frequency sketch) runs on the reading thread: handing
        // it to the background scheduler cost a thread hand-off per batch of misses and about a
        // fifth of random-read throughput on two cores (see docs/benchmarks.md).
        BlockCache cache = new BlockCache(options.blockCacheBytes(), Runnable::run, env.clock());
        TableFactory tables = new TableFactory(
                io,
                dir,
                options,
                cache,
                env.metrics(),
                e -> LOG.log(System.Logger.Level.WARNING, "could not delete a compacted table in " + dir, e));
        List<TableHandle> handles = new ArrayList<>();
        long lastSequence = manifest.lastSequence();
        long nextFile = manifest.nextFileNumber();
        try {
            for (long number : manifest.tables()) {
                TableHandle table = tables.open(number);
                handles.add(table);
                lastSequence = Math.max(lastSequence, table.reader().info().maxSequence());
                nextFile = Math.max(nextFile, number + 1);
            }
            FileNumbers fileNumbers = new FileNumbers(nextFile);

            Memtable replayed = new Memtable(manifest.logStartSegmentId());
            ReplayResult replay = CommitLog.replay(
                    io, dir, manifest.logStartSegmentId(), options.salvage(), env.metrics(), (segment, entries) -> {
                        for (Entry e : entries) {
                            replayed.add(e);
                        }
                    });
            long lastReplayed = Math.max(lastSequence, replay.lastSequence());
            long firstSegment = Math.max(replay.lastSegmentId() + 1, manifest.logStartSegmentId());
            if (!replayed.isEmpty()) {
                // Put the replayed writes in a table at once, so the old segments can go.
                try (EntryIterator entries = replayed.iterator(null, null)) {
                    TableHandle table = tables.write(fileNumbers.next(), entries, e -> e, null, () -> false);
                    handles.add(0, table);
                }
                lastSequence = lastReplayed;
            }
            TableSet tableSet = new TableSet(handles);
            EngineState state = new EngineState(new Memtable(firstSegment), List.of(), tableSet);
            manifests.write(new Manifest(fileNumbers.peek(), firstSegment, lastSequence, tableSet.numbers()));
            // Old segments go before the new one is made, so that power cuts during recovery
            // cannot pile up segments faster than a recovery removes them.
            CommitLog.deleteSegmentsBefore(io, dir, firstSegment);
            CommitLog log = CommitLog.start(
                    io, dir, firstSegment, lastReplayed + 1, logOptions(), env.clock(), env.scheduler(), env.metrics());
            return assembly.apply(
                    new Parts(options, env, metrics, cache, manifests, tables, state, log, fileNumbers, lastSequence));
        } catch (IOException | RuntimeException e) {
            for (TableHandle t : handles) {
                t.release();
            }
            throw e;
        }
    }

    private CommitLogOptions logOptions() {
        return new CommitLogOptions(
                options.syncPolicy(),
                TimeUnit.MILLISECONDS.toNanos(options.syncWindowMillis()),
                TimeUnit.MILLISECONDS.toNanos(options.syncPeriodMillis()),
                options.segmentBytes());
    }

    /** Deletes temporary files and tables the manifest does not list (outputs of interrupted work). */
    private void removeLeftovers(Manifest manifest) throws IOException {
        Set<Long> live = new HashSet<>(manifest.tables());
        boolean removed = false;
        for (String name : io.list(dir)) {
            long number = DataFiles.tableNumber(name);
            if (DataFiles.isTemporary(name) || (number >= 0 && !live.contains(number))) {
                io.delete(dir.resolve(name));
                removed = true;
            }
        }
        if (removed) {
            io.forceDirectory(dir);
        }
    }
}
