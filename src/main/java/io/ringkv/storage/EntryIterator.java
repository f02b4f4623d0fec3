package io.ringkv.storage;

import java.io.IOException;
import java.util.Iterator;

/** A forward cursor over entries in {@link Keys#ENTRY_ORDER}; close it to release what it holds. */
public interface EntryIterator extends AutoCloseable {

    /** The next entry, or null at the end. */
    Entry next() throws IOException;

    @Override
    void close() throws IOException;

    /** Entries of an in-memory iterator, already in order; closing releases nothing. */
    static EntryIterator of(Iterator<Entry> entries) {
        return new EntryIterator() {
            @Override
            public Entry next() {
                return entries.hasNext() ? entries.next() : null;
            }

            @Override
            public void close() {}
        };
    }
}
