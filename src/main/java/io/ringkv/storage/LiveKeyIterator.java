package io.ringkv.storage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.NoSuchElementException;

/** Turns the merged entries of a scan into live key/values, holding the tables until closed. */
final class LiveKeyIterator implements KeyValueIterator {
    private final MergingIterator merged;
    private final TableSet tables;
    private final long nowMillis;
    private KeyValue next;
    private boolean closed;

    LiveKeyIterator(MergingIterator merged, TableSet tables, long nowMillis) {
        this.merged = merged;
        this.tables = tables;
        this.nowMillis = nowMillis;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            for (Entry e = merged.next(); e != null; e = merged.next()) {
                if (!e.isDeadAt(nowMillis)) {
                    next = new KeyValue(e.key(), e.value(), e.sequence(), e.expiresAtMillis());
                    return true;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public KeyValue next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        KeyValue result = next;
        next = null;
        return result;
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            merged.close();
        } finally {
            tables.release();
        }
    }
}
