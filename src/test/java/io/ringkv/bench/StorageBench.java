package io.ringkv.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Compares ringkv's storage engine with RocksDB on the same workloads and settings, prints a
 * Markdown table and writes it to {@code bench-results/}. Run with {@code ./mvnw -Pbench verify}.
 */
public final class StorageBench {
    private final BenchOptions options;
    private final EngineSettings settings = EngineSettings.STANDARD;
    private final Workloads workloads;
    private final List<EngineKind> engines;

    private StorageBench(BenchOptions options) {
        this.options = options;
        this.workloads = new Workloads(new BenchData(options.seed()), options.seed());
        this.engines = Arrays.stream(EngineKind.values())
                .filter(options.engines()::contains)
                .toList();
    }

    public static void main(String[] args) throws IOException {
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        System.exit(new StorageBench(options).run());
    }

    /** Runs every selected row on every selected engine; returns the process exit status. */
    private int run() throws IOException {
        ZonedDateTime startedAt = ZonedDateTime.now();
        String description = RunDescription.toMarkdown(options, settings, startedAt);
        System.out.print(description);
        Files.createDirectories(options.dir());

        Map<EngineKind, String> unusable = new EnumMap<>(EngineKind.class);
        for (EngineKind engine : engines) {
            try {
                warmUp(engine);
            } catch (Exception e) {
                unusable.put(engine, "warm-up failed: " + reason(e));
                System.out.println("warm-up of " + engine.label() + " failed; its rows are skipped");
                e.printStackTrace(System.out);
            }
        }

        ResultTable table = new ResultTable(engines);
        for (Row row : options.rows()) {
            table.begin(row, row.volume(options));
            for (EngineKind engine : engines) {
                if (unusable.containsKey(engine)) {
                    table.failed(engine, unusable.get(engine));
                    continue;
                }
                try {
                    Measurement m = measure(row, engine);
                    table.measured(engine, m);
                    System.out.printf(
                            Locale.ROOT,
                            "%-12s %-8s %,12.0f /s  p50 %s µs  p99 %s µs  (%.1f s)%n",
                            row.argName(),
                            engine.label(),
                            m.unitsPerSecond(),
                            ResultTable.micros(m.p50Micros()),
                            ResultTable.micros(m.p99Micros()),
                            m.elapsedNanos() / 1e9);
                } catch (Exception e) {
                    table.failed(engine, reason(e));
                    System.out.println(row.argName() + " on " + engine.label() + " failed:");
                    e.printStackTrace(System.out);
                }
            }
        }

        String markdown = description + table.toMarkdown();
        System.out.println();
        System.out.print(table.toMarkdown());
        Path report = write(markdown, startedAt);
        System.out.println("\nwritten to " + report.toAbsolutePath());
        return table.hasFailures() ? 1 : 0;
    }

    /** Untimed: the same kinds of calls as the rows, so the JIT has compiled both engines' paths. */
    private void warmUp(EngineKind engine) throws Exception {
        int ops = options.warmupOps();
        if (ops == 0) {
            return;
        }
        inFreshEngine(engine, "warmup", false, db -> {
            workloads.fill(db, ops, 1);
            db.flushAndSettle();
            workloads.readRandom(db, ops, ops, 1);
            workloads.scan(db, ops, 10, Math.min(ops, Row.SCAN_LENGTH));
            return null;
        });
    }

    private Measurement measure(Row row, EngineKind engine) throws Exception {
        // Garbage from the previous row should not be collected on this row's clock.
        System.gc();
        return inFreshEngine(engine, row.argName(), row.syncWrites(), db -> row.run(db, workloads, options));
    }

    @FunctionalInterface
    private interface EngineWork<T> {
        T run(BenchEngine engine) throws Exception;
    }

    private <T> T inFreshEngine(EngineKind kind, String what, boolean syncWrites, EngineWork<T> work) throws Exception {
        Path dir = Files.createTempDirectory(options.dir(), kind.argName() + "-" + what + "-");
        try {
            try (BenchEngine engine = kind.open(dir, settings, syncWrites)) {
                return work.run(engine);
            }
        } finally {
            deleteRecursively(dir);
        }
    }

    private static Path write(String markdown, ZonedDateTime startedAt) throws IOException {
        Path dir = Path.of("bench-results");
        Files.createDirectories(dir);
        String stamp = startedAt.format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        return Files.writeString(dir.resolve("storage-" + stamp + ".md"), markdown, StandardCharsets.UTF_8);
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.delete(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return e.getClass().getSimpleName() + (message == null ? "" : ": " + message.replace('\n', ' '));
    }
}
