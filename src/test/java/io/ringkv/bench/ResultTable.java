package io.ringkv.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The results of a run as a Markdown table: throughput, ratio and latency per row and engine. */
final class ResultTable {
    private final List<EngineKind> engines;
    private final List<Line> lines = new ArrayList<>();
    private final List<String> failures = new ArrayList<>();

    /** One row: its volume, and per engine a measurement or why there is none. */
    private record Line(
            Row row, String volume, Map<EngineKind, Measurement> measured, Map<EngineKind, String> failed) {}

    ResultTable(List<EngineKind> engines) {
        this.engines = List.copyOf(engines);
    }

    void begin(Row row, String volume) {
        lines.add(new Line(row, volume, new EnumMap<>(EngineKind.class), new EnumMap<>(EngineKind.class)));
    }

    void measured(EngineKind engine, Measurement measurement) {
        current().measured().put(engine, measurement);
    }

    void failed(EngineKind engine, String reason) {
        current().failed().put(engine, reason);
        failures.add(current().row().argName() + " on " + engine.label() + ": " + reason);
    }

    boolean hasFailures() {
        return !failures.isEmpty();
    }

    String toMarkdown() {
        StringBuilder md = new StringBuilder();
        List<String> header = new ArrayList<>(List.of("row", "ops per engine"));
        engines.forEach(e -> header.add(e.label() + " ops/s"));
        boolean ratio = engines.contains(EngineKind.RINGKV) && engines.contains(EngineKind.ROCKSDB);
        if (ratio) {
            header.add("ringkv/RocksDB");
        }
        engines.forEach(e -> {
            header.add(e.label() + " p50 µs");
            header.add(e.label() + " p99 µs");
        });
        appendRow(md, header);
        appendRow(md, header.stream().map(h -> h.equals("row") ? "---" : "---:").toList());
        for (Line line : lines) {
            List<String> cells = new ArrayList<>(List.of(line.row().argName(), line.volume()));
            engines.forEach(e -> cells.add(rate(line, e)));
            if (ratio) {
                cells.add(ratio(line));
            }
            engines.forEach(e -> {
                Measurement m = line.measured().get(e);
                cells.add(m == null ? "—" : micros(m.p50Micros()));
                cells.add(m == null ? "—" : micros(m.p99Micros()));
            });
            appendRow(md, cells);
        }
        md.append('\n');
        for (Line line : lines) {
            md.append("- `").append(line.row().argName()).append("`: ");
            md.append(line.row().description()).append('\n');
        }
        if (!failures.isEmpty()) {
            md.append("\nFailures:\n\n");
            failures.forEach(f -> md.append("- ").append(f).append('\n'));
        }
        return md.toString();
    }

    private Line current() {
        if (lines.isEmpty()) {
            throw new IllegalStateException("begin(row, volume) must come before results");
        }
        return lines.get(lines.size() - 1);
    }

    private static String rate(Line line, EngineKind engine) {
        Measurement m = line.measured().get(engine);
        if (m != null) {
            return String.format(Locale.ROOT, "%,.0f", m.unitsPerSecond());
        }
        return line.failed().containsKey(engine) ? "failed" : "—";
    }

    private static String ratio(Line line) {
        Measurement ringkv = line.measured().get(EngineKind.RINGKV);
        Measurement rocks = line.measured().get(EngineKind.ROCKSDB);
        if (ringkv == null || rocks == null) {
            return "—";
        }
        return String.format(Locale.ROOT, "%.2f", ringkv.unitsPerSecond() / rocks.unitsPerSecond());
    }

    static String micros(double micros) {
        if (micros < 10) {
            return String.format(Locale.ROOT, "%.2f", micros);
        }
        if (micros < 1000) {
            return String.format(Locale.ROOT, "%.1f", micros);
        }
        return String.format(Locale.ROOT, "%,.0f", micros);
    }

    private static void appendRow(StringBuilder md, List<String> cells) {
        md.append("| ").append(String.join(" | ", cells)).append(" |\n");
    }
}
