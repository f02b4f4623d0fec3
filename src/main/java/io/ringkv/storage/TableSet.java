package io.ringkv.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An immutable list of live tables, newest first, held by readers while they read. Sequence
 * ranges of the tables never overlap (flushes prepend, compactions merge adjacent runs), so the
 * first table that holds a key holds its newest version.
 */
final class TableSet {
    private final List<TableHandle> tables;
    private final AtomicInteger references = new AtomicInteger(1);

    /** Takes over one reference to each table. */
    TableSet(List<TableHandle> tables) {
        this.tables = List.copyOf(tables);
    }

    List<TableHandle> tables() {
        return tables;
    }

    int size() {
        return tables.size();
    }

    long totalBytes() {
        long sum = 0;
        for (TableHandle t : tables) {
            sum += t.fileSize();
        }
        return sum;
    }

    /** Takes a reference unless the set has already been retired; false means read the newer one. */
    boolean tryRetain() {
        while (true) {
            int current = references.get();
            if (current == 0) {
                return false;
            }
            if (references.compareAndSet(current, current + 1)) {
                return true;
            }
        }
    }

    void release() {
        int after = references.decrementAndGet();
        if (after == 0) {
            for (TableHandle t : tables) {
                t.release();
            }
        } else if (after < 0) {
            throw new IllegalStateException("table set released more often than retained");
        }
    }

    /** A new set with {@code table} in front; the new set retains every table it shares with this one. */
    TableSet withNewest(TableHandle table) {
        List<TableHandle> next = new ArrayList<>(tables.size() + 1);
        next.add(table);
        for (TableHandle t : tables) {
            t.retain();
            next.add(t);
        }
        return new TableSet(next);
    }

    /**
     * A new set in which the contiguous run {@code inputs} is replaced by {@code output} (null when
     * the compaction produced nothing); the inputs are marked obsolete.
     */
    TableSet withCompacted(List<TableHandle> inputs, TableHandle output) {
        int start = tables.indexOf(inputs.get(0));
        if (start < 0
                || start + inputs.size() > tables.size()
                || !tables.subList(start, start + inputs.size()).equals(inputs)) {
            throw new IllegalStateException("compaction inputs are no longer a contiguous run of live tables");
        }
        List<TableHandle> next = new ArrayList<>(tables.size() - inputs.size() + 1);
        for (int i = 0; i < tables.size(); i++) {
            if (i == start && output != null) {
                next.add(output);
            }
            if (i >= start && i < start + inputs.size()) {
                tables.get(i).markObsolete();
                continue;
            }
            tables.get(i).retain();
            next.add(tables.get(i));
        }
        return new TableSet(next);
    }

    List<Long> numbers() {
        List<Long> numbers = new ArrayList<>(tables.size());
        for (TableHandle t : tables) {
            numbers.add(t.number());
        }
        return numbers;
    }
}
