package io.ringkv.cli;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** One operation's progress as one line of text: a bar, the share done, and its figures. */
final class ProgressBar {
    static final int WIDTH = 30;

    private ProgressBar() {}

    /** The share of the operation's work that has ended, 0 to 1 (exchanges, a partition with one replica each). */
    static double fraction(JsonNode op) {
        int total = op.path("exchangesTotal").asInt();
        if (total > 0) {
            return Math.min(1.0, op.path("exchangesDone").asInt() / (double) total);
        }
        String state = op.path("state").asString();
        return state.equals("done") || state.equals("failed") ? 1.0 : 0.0;
    }

    /** {@code [#########.....]  30%} for a fraction. */
    static String bar(double fraction) {
        int filled = (int) Math.floor(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
    }

    /** The whole line for one operation. */
    static String line(JsonNode op) {
        StringBuilder s = new StringBuilder();
        s.append(op.path("id").asString())
                .append("  ")
                .append(op.path("kind").asString())
                .append(" ")
                .append(op.path("scope").asString())
                .append("  ")
                .append(bar(fraction(op)))
                .append("  ")
                .append(op.path("partitionsDone").asInt())
                .append('/')
                .append(op.path("partitionsTotal").asInt())
                .append(" partitions, ")
                .append(op.path("differences").asLong())
                .append(" differences, ")
                .append(op.path("keysRepaired").asLong())
                .append(" repaired, ")
                .append(rate(op.path("bytesPerSecond").asDouble()))
                .append("  ")
                .append(op.path("state").asString());
        int failed = op.path("exchangesFailed").asInt();
        if (failed > 0) {
            s.append(" (").append(failed).append(" exchanges failed)");
        }
        return s.toString();
    }

    static String rate(double bytesPerSecond) {
        if (bytesPerSecond >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB/s", bytesPerSecond / 1_000_000);
        }
        if (bytesPerSecond >= 1_000) {
            return String.format(Locale.ROOT, "%.1f kB/s", bytesPerSecond / 1_000);
        }
        return String.format(Locale.ROOT, "%.0f B/s", bytesPerSecond);
    }
}
