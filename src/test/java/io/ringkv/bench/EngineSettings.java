package io.ringkv.bench;

/**
 * The settings both engines run with, so that a row compares engines and not configurations.
 *
 * @param writeBufferBytes memtable (RocksDB: write buffer) size before it is flushed
 * @param blockBytes target size of a table data block before compression
 * @param bloomBitsPerKey bloom filter bits per key
 * @param blockCacheBytes capacity of the block cache
 * @param backgroundThreads threads for flushes and compactions
 */
record EngineSettings(
        long writeBufferBytes, int blockBytes, int bloomBitsPerKey, long blockCacheBytes, int backgroundThreads) {

    static final EngineSettings STANDARD = new EngineSettings(64L << 20, 4096, 10, 64L << 20, 2);

    String describe() {
        return "memtable/write buffer " + mib(writeBufferBytes) + ", " + blockBytes + " B blocks, LZ4, "
                + bloomBitsPerKey + " bloom bits/key, " + mib(blockCacheBytes) + " LRU block cache, "
                + backgroundThreads + " background threads, WAL on, no compaction rate limit";
    }

    private static String mib(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}
