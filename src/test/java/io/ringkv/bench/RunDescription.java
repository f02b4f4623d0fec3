package io.ringkv.bench;

import java.lang.management.ManagementFactory;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.rocksdb.RocksDB;

/** The lines above the results table: the machine, the JVM, the settings and the workload sizes. */
final class RunDescription {
    private RunDescription() {}

    static String toMarkdown(BenchOptions options, EngineSettings settings, ZonedDateTime startedAt) {
        // The version is read from the native library.
        RocksDB.loadLibrary();
        Runtime runtime = Runtime.getRuntime();
        StringBuilder md = new StringBuilder();
        md.append("# Storage benchmark, ")
                .append(startedAt.format(DateTimeFormatter.ISO_OFFSET_DATE_TIME))
                .append("\n\n");
        item(
                md,
                "JDK",
                Runtime.version() + ", " + System.getProperty("java.vm.name") + " ("
                        + System.getProperty("java.vm.vendor") + ")");
        item(
                md,
                "JVM options",
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()));
        item(md, "CPUs", runtime.availableProcessors() + ", max heap " + (runtime.maxMemory() >> 20) + " MiB");
        item(
                md,
                "OS",
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
                        + System.getProperty("os.arch"));
        item(md, "RocksDB", "rocksdbjni " + RocksDB.rocksdbVersion());
        item(md, "Both engines", settings.describe());
        item(
                md,
                "Data",
                BenchData.KEY_BYTES + "-byte keys, " + BenchData.VALUE_BYTES + "-byte values ("
                        + BenchData.VALUE_BYTES / 2 + " random bytes written twice: compressible to about half),"
                        + " seed " + options.seed());
        item(
                md,
                "Sizes",
                String.format(
                        Locale.ROOT,
                        "--ops=%,d; fillsync rows write --sync-ops=%,d puts in total (each waits for an fsync);"
                                + " scan10k runs %,d scans; untimed warm-up of %,d puts and gets per engine",
                        options.ops(),
                        options.syncOps(),
                        options.scans(),
                        options.warmupOps()));
        item(md, "Data directory", options.dir().toAbsolutePath() + " (a fresh directory per engine and row)");
        return md.append('\n').toString();
    }

    private static void item(StringBuilder md, String name, String value) {
        md.append("- ").append(name).append(": ").append(value).append('\n');
    }
}
