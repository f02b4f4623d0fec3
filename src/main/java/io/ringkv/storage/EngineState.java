package io.ringkv.storage;

import io.ringkv.storage.memtable.Memtable;
import java.util.ArrayList;
import java.util.List;

/**
 * What a reader sees at one moment: the active memtable, the frozen memtables waiting for flush
 * (newest first) and the live tables. Replaced whole, never changed.
 */
record EngineState(Memtable active, List<Memtable> immutables, TableSet tables) {
    EngineState {
        immutables = List.copyOf(immutables);
    }

    /** The active memtable frozen and a new one started. */
    EngineState freeze(Memtable next) {
        List<Memtable> frozen = new ArrayList<>(immutables.size() + 1);
        frozen.add(active);
        frozen.addAll(immutables);
        return new EngineState(next, frozen, tables);
    }

    /** The oldest frozen memtable, or null. */
    Memtable oldestImmutable() {
        return immutables.isEmpty() ? null : immutables.get(immutables.size() - 1);
    }

    /** The oldest frozen memtable gone (it is now in {@code newTables}). */
    EngineState flushed(TableSet newTables) {
        return new EngineState(active, immutables.subList(0, immutables.size() - 1), newTables);
    }

    EngineState withTables(TableSet newTables) {
        return new EngineState(active, immutables, newTables);
    }

    /** Commit log segments below this one hold only data that is already in tables. */
    long logStartSegmentId() {
        Memtable oldest = oldestImmutable();
        return oldest != null ? oldest.firstSegmentId() : active.firstSegmentId();
    }
}
