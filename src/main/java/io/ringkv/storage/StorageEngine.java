package io.ringkv.storage;

import io.ringkv.storage.commitlog.CommitLog;
import io.ringkv.storage.memtable.Memtable;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * A log-structured merge engine: writes go to the commit log and the memtable, full memtables
 * are flushed to SSTables in the background, SSTables are compacted in the background.
 *
 * <p>Writes are acknowledged once the commit log's sync policy is met. Reads look in the active
 * memtable, the frozen memtables and then the tables, newest first. Writers wait (never fail)
 * while flushes or compactions are too far behind. After an I/O failure on the write path (a
 * failed fsync above all) the engine refuses every later write with {@link
 * StorageFailedException}; reads go on.
 */
public final class StorageEngine implements AutoCloseable {

    private final StorageOptions options;
    private final StorageEnvironment env;
    private final EngineMetrics metrics;
    private final CommitLog log;
    private final ManifestStore manifests;
    private final TableFactory tables;
    private final Compactions compactions;
    private final WriteThrottle throttle;
    /** Writers hold it shared from log append to memtable insert; freezing a memtable holds it alone. */
    private final ReentrantReadWriteLock rotation = new ReentrantReadWriteLock();
    /** Guards every change of {@link #state} and the manifest that describes it. */
    private final ReentrantLock stateLock = new ReentrantLock();

    private final Condition stateChanged = stateLock.newCondition();
    private final ReentrantLock flushLock = new ReentrantLock();
    private final FileNumbers fileNumbers;
    private final AtomicBoolean flushScheduled = new AtomicBoolean();

    private volatile EngineState state;
    private volatile IOException failure;
    private volatile boolean closed;
    private long lastSequenceInTables; // guarded by stateLock

    private StorageEngine(EngineOpener.Parts parts) {
        this.options = parts.options();
        this.env = parts.env();
        this.metrics = parts.metrics();
        this.manifests = parts.manifests();
        this.tables = parts.tables();
        this.state = parts.state();
        this.log = parts.log();
        this.fileNumbers = parts.fileNumbers();
        this.lastSequenceInTables = parts.lastSequenceInTables();
        this.compactions =
                new Compactions(options, env, tables, fileNumbers, metrics, this::installCompaction, this::retainState);
        this.throttle = new WriteThrottle(
                options,
                env.clock(),
                metrics,
                stateLock,
                stateChanged,
                () -> state,
                () -> failure != null || closed,
                () -> {
                    scheduleFlush();
                    compactions.schedule();
                });
        metrics.registerGauges(() -> state, parts.cache());
    }

    /** Opens (creating if needed) the engine in {@code options.dataDir()}, replaying its commit log. */
    public static StorageEngine open(StorageOptions options, StorageEnvironment env) throws IOException {
        return new EngineOpener(options, env).open(StorageEngine::new);
    }

    /** Stores {@code value} under {@code key}; returns the write's sequence number once durable per policy. */
    public long put(byte[] key, byte[] value) throws IOException {
        return write(new WriteBatch().put(key, value));
    }

    /** Stores a value that reads as absent from {@code expiresAtMillis} (wall clock) on. */
    public long put(byte[] key, byte[] value, long expiresAtMillis) throws IOException {
        return write(new WriteBatch().put(key, value, expiresAtMillis));
    }

    /** Writes a tombstone for {@code key}. */
    public long delete(byte[] key) throws IOException {
        return write(new WriteBatch().delete(key));
    }

    /** Applies {@code batch} atomically; returns the sequence number of its last mutation. */
    public long write(WriteBatch batch) throws IOException {
        if (batch.isEmpty()) {
            throw new IllegalArgumentException("a write batch needs at least one mutation");
        }
        ensureWritable();
        throttle.awaitRoom();
        ensureWritable();
        List<Entry> entries = stampTombstones(batch.entries(), env.clock().millis());
        long started = env.clock().nanos();
        Memtable target;
        long first;
        rotation.readLock().lock();
        try {
            ensureWritable();
            try {
                first = log.append(entries);
            } catch (IOException e) {
                throw fail(e);
            }
            target = state.active();
            for (int i = 0; i < entries.size(); i++) {
                target.add(entries.get(i).withSequence(first + i));
            }
        } finally {
            rotation.readLock().unlock();
        }
        metrics.writes.increment(entries.size());
        metrics.writeLatency.recordNanos(env.clock().nanos() - started);
        if (target.approximateBytes() >= options.memtableBytes()) {
            freeze(target);
            scheduleFlush();
        }
        return first + entries.size() - 1;
    }

    /** Tombstones carry their deletion time, from which the purge grace period runs. */
    private static List<Entry> stampTombstones(List<Entry> entries, long nowMillis) {
        boolean any = false;
        for (Entry e : entries) {
            any |= e.isTombstone();
        }
        if (!any) {
            return entries;
        }
        List<Entry> stamped = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            stamped.add(e.isTombstone() ? new Entry(e.key(), 0, EntryKind.DELETE, nowMillis, Entry.EMPTY) : e);
        }
        return stamped;
    }

    /** The live value of {@code key}, or null when absent, deleted or expired. */
    public byte[] get(byte[] key) throws IOException {
        Entry entry = getEntry(key);
        return entry == null ? null : entry.value();
    }

    /** The live entry of {@code key} with its sequence and expiry, or null when absent, deleted or expired. */
    public Entry getEntry(byte[] key) throws IOException {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        long started = env.clock().nanos();
        EngineState s = retainState();
        try {
            Entry found = s.active().get(key);
            for (int i = 0; found == null && i < s.immutables().size(); i++) {
                found = s.immutables().get(i).get(key);
            }
            List<TableHandle> live = s.tables().tables();
            for (int i = 0; found == null && i < live.size(); i++) {
                found = live.get(i).reader().get(key);
            }
            metrics.reads.increment();
            metrics.readLatency.recordNanos(env.clock().nanos() - started);
            return found == null || found.isDeadAt(env.clock().millis()) ? null : found;
        } finally {
            s.tables().release();
        }
    }

    /** Live keys in [{@code fromInclusive}, {@code toExclusive}) in key order; null bounds are open. */
    public KeyValueIterator scan(byte[] fromInclusive, byte[] toExclusive) throws IOException {
        EngineState s = retainState();
        try {
            List<EntryIterator> sources = new ArrayList<>();
            sources.add(s.active().iterator(fromInclusive, toExclusive));
            for (Memtable m : s.immutables()) {
                sources.add(m.iterator(fromInclusive, toExclusive));
            }
            for (TableHandle t : s.tables().tables()) {
                sources.add(t.reader().iterator(fromInclusive, toExclusive, /* fillCache= */ true));
            }
            metrics.scans.increment();
            return new LiveKeyIterator(
                    new MergingIterator(sources), s.tables(), env.clock().millis());
        } catch (IOException | RuntimeException e) {
            s.tables().release();
            throw e;
        }
    }

    /** Flushes the memtable to an SSTable and waits for it. */
    public void flush() throws IOException {
        ensureWritable();
        freeze(state.active());
        runFlushes();
        ensureWritable();
    }

    /**
     * Flushes the memtable and runs every due compaction before returning, so the engine is at
     * rest: what a bulk load or a benchmark waits for before reading.
     */
    public void awaitIdle() throws IOException {
        flush();
        compactions.runUntilIdle();
    }

    /** Merges all tables into one (purging what may be purged) and waits for it. */
    public void compactAll() throws IOException {
        ensureWritable();
        compactions.compactAll();
    }

    /**
     * The sequence number of the last write applied (acknowledged, or replayed from the commit log
     * on open); every later write gets a higher one, so an unchanged number means no write since.
     */
    public long lastSequence() {
        return log.lastSequence();
    }

    /** Bytes of live table files. */
    public long tableBytes() {
        return state.tables().totalBytes();
    }

    /** Number of live tables. */
    public int tableCount() {
        return state.tables().size();
    }

    /** The failure that stopped writes, or null while the engine accepts them. */
    public IOException failure() {
        return failure;
    }

    /**
     * Flushes the memtable (so the next open need not replay the log), waits for background work
     * and closes the files. Writes after close are refused.
     */
    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        IOException error = null;
        if (failure == null) {
            try {
                flush();
            } catch (IOException e) {
                error = e;
            }
        }
        rotation.writeLock().lock();
        try {
            closed = true;
        } finally {
            rotation.writeLock().unlock();
        }
        compactions.shutdown();
        flushLock.lock();
        try {
            log.close();
        } catch (IOException e) {
            error = error == null ? e : error;
        } finally {
            flushLock.unlock();
        }
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        state.tables().release();
        if (error != null) {
            throw error;
        }
    }

    // ---- write path helpers

    private void ensureWritable() throws IOException {
        IOException f = failure;
        if (f != null) {
            throw f instanceof StorageFailedException sf
                    ? sf
                    : new StorageFailedException("storage engine stopped after a failure: " + f.getMessage(), f);
        }
        if (closed) {
            throw new IOException("storage engine in " + options.dataDir() + " is closed");
        }
    }

    /** Records the first failure of the write path and wakes waiting writers; returns it to throw. */
    private StorageFailedException fail(IOException e) {
        StorageFailedException stopped = e instanceof StorageFailedException sf
                ? sf
                : new StorageFailedException("storage engine stopped after a failure: " + e.getMessage(), e);
        if (failure == null) {
            failure = stopped;
            metrics.failures.increment();
        }
        stateLock.lock();
        try {
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        return stopped;
    }

    /** Freezes {@code expected} if it is still the active memtable and holds data. */
    private void freeze(Memtable expected) throws IOException {
        rotation.writeLock().lock();
        try {
            EngineState s = state;
            if (s.active() != expected || expected.isEmpty() || closed) {
                return;
            }
            long segment;
            try {
                segment = log.roll();
            } catch (IOException e) {
                throw fail(e);
            }
            stateLock.lock();
            try {
                state = state.freeze(new Memtable(segment));
            } finally {
                stateLock.unlock();
            }
        } finally {
            rotation.writeLock().unlock();
        }
    }

    // ---- flush

    private void scheduleFlush() {
        if (flushScheduled.compareAndSet(false, true)) {
            env.scheduler().execute(() -> {
                try {
                    runFlushes();
                } catch (IOException e) {
                    // recorded by fail(); writers see it
                }
            });
        }
    }

    /** Flushes frozen memtables, oldest first, until none is left. */
    private void runFlushes() throws IOException {
        flushScheduled.set(false);
        flushLock.lock();
        try {
            Memtable oldest;
            while (failure == null && (oldest = state.oldestImmutable()) != null) {
                flushOne(oldest);
            }
        } catch (IOException e) {
            throw fail(e);
        } finally {
            flushLock.unlock();
        }
        compactions.schedule();
    }

    private void flushOne(Memtable memtable) throws IOException {
        long started = env.clock().nanos();
        long number = fileNumbers.next();
        TableHandle table;
        try (EntryIterator entries = memtable.iterator(null, null)) {
            table = tables.write(number, entries, e -> e, null, () -> false);
        }
        stateLock.lock();
        try {
            EngineState s = state;
            TableSet next = table == null ? s.tables() : s.tables().withNewest(table);
            EngineState flushed = s.flushed(next);
            long lastSequence = table == null
                    ? lastSequenceInTables
                    : Math.max(lastSequenceInTables, table.reader().info().maxSequence());
            writeManifest(flushed, lastSequence);
            lastSequenceInTables = lastSequence;
            state = flushed;
            if (table != null) {
                s.tables().release();
            }
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
        log.deleteSegmentsBefore(state.logStartSegmentId());
        metrics.flushes.increment();
        metrics.flushLatency.recordNanos(env.clock().nanos() - started);
    }

    /** Called with {@link #stateLock} held. */
    private void writeManifest(EngineState s, long lastSequence) throws IOException {
        manifests.write(new Manifest(
                fileNumbers.peek(),
                s.logStartSegmentId(),
                lastSequence,
                s.tables().numbers()));
    }

    // ---- compaction install

    /** Replaces a run of tables by its merged output, durably; called by {@link Compactions}. */
    private void installCompaction(List<TableHandle> inputs, TableHandle output) throws IOException {
        stateLock.lock();
        try {
            EngineState s = state;
            TableSet next = s.tables().withCompacted(inputs, output);
            EngineState compacted = s.withTables(next);
            writeManifest(compacted, lastSequenceInTables);
            state = compacted;
            s.tables().release();
            stateChanged.signalAll();
        } finally {
            stateLock.unlock();
        }
    }

    // ---- read helpers

    /** The current state with its tables retained; release {@code tables()} when done. */
    private EngineState retainState() throws IOException {
        while (true) {
            EngineState s = state;
            if (s.tables().tryRetain()) {
                return s;
            }
            if (closed && s == state) {
                throw new IOException("storage engine in " + options.dataDir() + " is closed");
            }
        }
    }
}
