package io.ringkv.bench;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The command line of {@link StorageBench}, validated.
 *
 * @param ops keys loaded and operations per row for fillrandom, readrandom and the scan load
 * @param syncOps puts in total per fillsync row (each one waits for an fsync)
 * @param scans scans per scan10k row
 * @param warmupOps puts and gets of the untimed warm-up per engine; 0 skips it
 * @param seed the seed of keys, values and access order
 * @param engines the engines to run
 * @param rows the rows to run, in table order
 * @param dir where the per-row data directories are made
 */
record BenchOptions(
        int ops, int syncOps, int scans, int warmupOps, long seed, Set<EngineKind> engines, List<Row> rows, Path dir) {

    static final String USAGE = "usage: StorageBench [--ops=N] [--sync-ops=N] [--scans=N] [--warmup-ops=N] [--seed=N]"
            + " [--only=ringkv|rocksdb|both] [--rows=fillrandom,fillsync1,fillsync8,readrandom1,readrandom2,scan10k]"
            + " [--dir=PATH]";

    BenchOptions {
        atLeast("ops", ops, 1);
        atLeast("sync-ops", syncOps, 1);
        atLeast("scans", scans, 1);
        atLeast("warmup-ops", warmupOps, 0);
        if (engines.isEmpty() || rows.isEmpty()) {
            throw new IllegalArgumentException("nothing to run: engines " + engines + ", rows " + rows);
        }
        engines = Set.copyOf(engines);
        rows = List.copyOf(rows);
    }

    static BenchOptions parse(String... args) {
        int ops = 1_000_000;
        int syncOps = 20_000;
        int scans = 100;
        Integer warmupOps = null;
        long seed = 20240601L;
        Set<EngineKind> engines = EnumSet.allOf(EngineKind.class);
        List<Row> rows = List.of(Row.values());
        Path dir = Path.of("target", "bench-data");
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (!arg.startsWith("--") || eq < 0) {
                throw new IllegalArgumentException("expected --name=value, got '" + arg + "'\n" + USAGE);
            }
            String name = arg.substring(2, eq);
            String value = arg.substring(eq + 1);
            switch (name) {
                case "ops" -> ops = parseInt(name, value);
                case "sync-ops" -> syncOps = parseInt(name, value);
                case "scans" -> scans = parseInt(name, value);
                case "warmup-ops" -> warmupOps = parseInt(name, value);
                case "seed" -> seed = Long.parseLong(value);
                case "only" -> engines = parseEngines(value);
                case "rows" -> rows = parseRows(value);
                case "dir" -> dir = Path.of(value);
                default -> throw new IllegalArgumentException("unknown option --" + name + "\n" + USAGE);
            }
        }
        // A tenth of the run, capped: enough for the JIT to compile the hot paths of both engines.
        int warmup = warmupOps != null ? warmupOps : Math.min(ops / 10, 100_000);
        return new BenchOptions(ops, syncOps, scans, warmup, seed, engines, rows, dir);
    }

    private static Set<EngineKind> parseEngines(String value) {
        if (value.equalsIgnoreCase("both")) {
            return EnumSet.allOf(EngineKind.class);
        }
        for (EngineKind kind : EngineKind.values()) {
            if (kind.argName().equalsIgnoreCase(value)) {
                return EnumSet.of(kind);
            }
        }
        throw new IllegalArgumentException("--only must be ringkv, rocksdb or both, was '" + value + "'");
    }

    private static List<Row> parseRows(String value) {
        List<Row> rows = new ArrayList<>();
        for (String name : value.split(",")) {
            try {
                rows.add(Row.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("unknown row '" + name + "' in --rows\n" + USAGE, e);
            }
        }
        return rows;
    }

    private static int parseInt(String name, String value) {
        try {
            return Integer.parseInt(value.replace("_", ""));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--" + name + " must be a whole number, was '" + value + "'", e);
        }
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("--" + name + " must be at least " + min + ", was " + value);
        }
    }
}
