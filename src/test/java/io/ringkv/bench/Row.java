package io.ringkv.bench;

import java.util.Locale;

/** A line of the results table: a workload, how the engine is opened for it, and what it measures. */
enum Row {
    FILLRANDOM(false, "puts of all keys once in random order, 1 writer, no fsync") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            return workloads.fill(engine, options.ops(), 1);
        }
    },
    FILLSYNC1(true, "puts, fsync before each acknowledgment, 1 writer; sync-ops in total") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            return workloads.fill(engine, options.syncOps(), 1);
        }
    },
    FILLSYNC8(true, "puts, fsync before each acknowledgment, 8 writers; sync-ops in total") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            return workloads.fill(engine, options.syncOps(), 8);
        }
    },
    READRANDOM1(false, "gets of random existing keys after load + flush, 1 reader; ops in total") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            workloads.load(engine, options.ops());
            return workloads.readRandom(engine, options.ops(), options.ops(), 1);
        }
    },
    READRANDOM2(false, "gets of random existing keys after load + flush, 2 readers; ops in total") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            workloads.load(engine, options.ops());
            return workloads.readRandom(engine, options.ops(), options.ops(), 2);
        }
    },
    SCAN10K(false, "scans of 10,000 consecutive keys from random starts after load + flush; keys/s, latency per scan") {
        @Override
        Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception {
            int keys = Math.max(options.ops(), SCAN_LENGTH);
            workloads.load(engine, keys);
            return workloads.scan(engine, keys, options.scans(), SCAN_LENGTH);
        }
    };

    static final int SCAN_LENGTH = 10_000;

    private final boolean syncWrites;
    private final String description;

    Row(boolean syncWrites, String description) {
        this.syncWrites = syncWrites;
        this.description = description;
    }

    /** Runs the row on a freshly opened, empty engine. */
    abstract Measurement run(BenchEngine engine, Workloads workloads, BenchOptions options) throws Exception;

    /** How much one engine does in this row, as the table shows it. */
    String volume(BenchOptions options) {
        return switch (this) {
            case FILLRANDOM, READRANDOM1, READRANDOM2 -> String.format(Locale.ROOT, "%,d", options.ops());
            case FILLSYNC1, FILLSYNC8 -> String.format(Locale.ROOT, "%,d", options.syncOps());
            case SCAN10K -> String.format(Locale.ROOT, "%,d × %,d keys", options.scans(), SCAN_LENGTH);
        };
    }

    boolean syncWrites() {
        return syncWrites;
    }

    String description() {
        return description;
    }

    String argName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
