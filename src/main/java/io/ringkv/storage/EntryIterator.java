package io.ringkv.storage;

import java.io.IOException;

/** A forward cursor over entries in {@link Keys#ENTRY_ORDER}; close it to release what it holds. */
public interface EntryIterator extends AutoCloseable {

    /** The next entry, or null at the end. */
    Entry next() throws IOException;

    @Override
    void close() throws IOException;
}
