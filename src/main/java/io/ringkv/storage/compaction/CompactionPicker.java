package io.ringkv.storage.compaction;

import java.util.List;

/**
 * Chooses which tables to merge: size-tiered over runs of tables adjacent in time (the scheme
 * RocksDB calls universal compaction). Tables are given newest first. Starting from the newest,
 * a run grows while the next older table is no larger than the run so far; a run of at least
 * {@code minTables} is merged. Merging only adjacent tables keeps the tables' sequence ranges
 * disjoint, so a point read stops at the first table holding its key, and a tombstone may be
 * dropped whenever the run reaches the oldest table (nothing older is left for it to shadow).
 * When the table count reaches {@code forceTables}, the newest tables are merged whatever their
 * sizes so the count stays bounded.
 */
public final class CompactionPicker {
    private final int minTables;
    private final int maxTables;
    private final int forceTables;

    public CompactionPicker(int minTables, int maxTables, int forceTables) {
        if (minTables < 2 || maxTables < minTables || forceTables < minTables) {
            throw new IllegalArgumentException("need 2 <= minTables <= maxTables and minTables <= forceTables, got "
                    + minTables + ", " + maxTables + ", " + forceTables);
        }
        this.minTables = minTables;
        this.maxTables = maxTables;
        this.forceTables = forceTables;
    }

    /** A run to merge, or null when none is due; {@code sizes} are table file sizes, newest first. */
    public Run pick(List<Long> sizes) {
        int n = sizes.size();
        for (int start = 0; start + minTables <= n; start++) {
            long sum = sizes.get(start);
            int count = 1;
            while (start + count < n && count < maxTables && sizes.get(start + count) <= sum) {
                sum += sizes.get(start + count);
                count++;
            }
            if (count >= minTables) {
                return new Run(start, count);
            }
        }
        if (n >= forceTables) {
            return new Run(0, Math.min(n, maxTables));
        }
        return null;
    }

    /**
     * A run of tables in the newest-first list.
     *
     * @param start index of the newest table of the run
     * @param count number of tables in the run
     */
    public record Run(int start, int count) {}
}
