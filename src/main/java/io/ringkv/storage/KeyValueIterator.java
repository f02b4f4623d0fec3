package io.ringkv.storage;

import java.io.IOException;
import java.util.Iterator;

/** Live keys in key order; close it to release the tables it reads. */
public interface KeyValueIterator extends Iterator<KeyValue>, AutoCloseable {
    @Override
    void close() throws IOException;
}
