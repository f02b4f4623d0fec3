package io.ringkv.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import org.rocksdb.AbstractNativeReference;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.FlushOptions;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.ReadOptions;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.WriteOptions;

/** RocksDB through rocksdbjni, configured like ringkv (see {@link EngineSettings}). */
final class RocksEngine implements BenchEngine {
    static {
        RocksDB.loadLibrary();
    }

    /** Native objects, closed in reverse order of creation after the database. */
    private final Deque<AbstractNativeReference> natives;

    private final RocksDB db;
    private final WriteOptions writeOptions;
    private final ReadOptions readOptions;

    private RocksEngine(
            Deque<AbstractNativeReference> natives, RocksDB db, WriteOptions writeOptions, ReadOptions readOptions) {
        this.natives = natives;
        this.db = db;
        this.writeOptions = writeOptions;
        this.readOptions = readOptions;
    }

    static RocksEngine open(Path dir, EngineSettings settings, boolean syncWrites) throws IOException {
        Deque<AbstractNativeReference> natives = new ArrayDeque<>();
        try {
            BlockBasedTableConfig table = new BlockBasedTableConfig()
                    .setBlockSize(settings.blockBytes())
                    .setFilterPolicy(push(natives, new BloomFilter(settings.bloomBitsPerKey())))
                    .setBlockCache(push(natives, new LRUCache(settings.blockCacheBytes())));
            Options options = push(natives, new Options())
                    .setCreateIfMissing(true)
                    .setWriteBufferSize(settings.writeBufferBytes())
                    .setCompressionType(CompressionType.LZ4_COMPRESSION)
                    .setMaxBackgroundJobs(settings.backgroundThreads())
                    .setTableFormatConfig(table);
            WriteOptions writeOptions = push(natives, new WriteOptions()).setSync(syncWrites);
            ReadOptions readOptions = push(natives, new ReadOptions());
            RocksDB db = RocksDB.open(options, dir.toString());
            return new RocksEngine(natives, db, writeOptions, readOptions);
        } catch (RocksDBException e) {
            closeAll(natives);
            throw failure("open " + dir, e);
        } catch (RuntimeException e) {
            closeAll(natives);
            throw e;
        }
    }

    private static <T extends AbstractNativeReference> T push(Deque<AbstractNativeReference> natives, T reference) {
        natives.push(reference);
        return reference;
    }

    @Override
    public void put(byte[] key, byte[] value) throws IOException {
        try {
            db.put(writeOptions, key, value);
        } catch (RocksDBException e) {
            throw failure("put", e);
        }
    }

    @Override
    public byte[] get(byte[] key) throws IOException {
        try {
            return db.get(readOptions, key);
        } catch (RocksDBException e) {
            throw failure("get", e);
        }
    }

    @Override
    public int scan(byte[] fromInclusive, int limit) throws IOException {
        int read = 0;
        long touched = 0;
        try (RocksIterator it = db.newIterator(readOptions)) {
            // key() and value() copy into Java arrays, as ringkv's iterator hands out arrays.
            for (it.seek(fromInclusive); read < limit && it.isValid(); it.next()) {
                touched += it.key().length + it.value().length;
                read++;
            }
            it.status();
        } catch (RocksDBException e) {
            throw failure("scan", e);
        }
        Blackhole.consume(touched);
        return read;
    }

    @Override
    public void flushAndSettle() throws IOException {
        try (FlushOptions flush = new FlushOptions().setWaitForFlush(true)) {
            db.flush(flush);
            while (db.getLongProperty("rocksdb.num-running-flushes") > 0
                    || db.getLongProperty("rocksdb.compaction-pending") > 0
                    || db.getLongProperty("rocksdb.num-running-compactions") > 0) {
                TimeUnit.MILLISECONDS.sleep(10);
            }
        } catch (RocksDBException e) {
            throw failure("flush", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for RocksDB compactions", e);
        }
    }

    @Override
    public void close() throws IOException {
        try {
            db.closeE();
        } catch (RocksDBException e) {
            throw failure("close", e);
        } finally {
            closeAll(natives);
        }
    }

    private static void closeAll(Deque<AbstractNativeReference> natives) {
        while (!natives.isEmpty()) {
            natives.pop().close();
        }
    }

    private static IOException failure(String what, RocksDBException e) {
        return new IOException("RocksDB " + what + " failed: " + e.getMessage(), e);
    }
}
