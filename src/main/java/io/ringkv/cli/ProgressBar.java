package io.ringkv.cli;

import java.util.Locale;
import tools.jackson.databind.JsonNode;

/** One operation's progress as one line of text: a bar, the share done, and its figures. */
final class ProgressBar {
    static final int WIDTH = 30;

    private ProgressBar() {}

    /** The share of the operation's work that has ended, 0 to 1 (exchanges, a partition with one replica each). */
    static double fraction(JsonNode op) {
        if (isTransfer(op)) {
            return transferFraction(op);
        }
        int total = op.path("exchangesTotal").asInt();
        if (total > 0) {
            return Math.min(1.0, op.path("exchangesDone").asInt() / (double) total);
        }
        return OperationWatcher.finished(op) ? 1.0 : 0.0;
    }

    /** Whether the operation is a transfer (a range streamed to a new owner) rather than a repair. */
    static boolean isTransfer(JsonNode op) {
        return op.path("kind").asString().equalsIgnoreCase("transfer");
    }

    /**
     * A transfer's share done: its bytes received of its estimated size while it runs (sources read
     * of all when its size is unknown); 1 once it ended.
     */
    private static double transferFraction(JsonNode op) {
        if (OperationWatcher.finished(op)) {
            return 1.0;
        }
        long estimated = estimatedBytes(op);
        if (estimated > 0) {
            return Math.min(1.0, bytes(op) / (double) estimated);
        }
        int total = op.path("exchangesTotal").asInt();
        return total > 0 ? Math.min(1.0, op.path("exchangesDone").asInt() / (double) total) : 0.0;
    }

    /**
     * A transfer's estimated size in bytes: as the node gives it, else what it received plus what its
     * time left at its rate would bring; 0 when unknown.
     */
    static long estimatedBytes(JsonNode op) {
        long given = op.path("estimatedBytes").asLong();
        if (given > 0) {
            return given;
        }
        JsonNode eta = op.path("etaSeconds");
        double rate = op.path("bytesPerSecond").asDouble();
        if (eta.isNumber() && eta.asDouble() >= 0 && rate > 0) {
            return bytes(op) + Math.round(eta.asDouble() * rate);
        }
        return 0;
    }

    /** A transfer's keys received so far. */
    static long keys(JsonNode op) {
        return op.has("keys")
                ? op.path("keys").asLong()
                : op.path("keysReceived").asLong();
    }

    /** A transfer's bytes received so far. */
    static long bytes(JsonNode op) {
        return op.has("bytes")
                ? op.path("bytes").asLong()
                : op.path("bytesReceived").asLong();
    }

    /** A transfer's time left: {@code 42s}, {@code 3m05s}, or {@code ?} when unknown. */
    static String eta(JsonNode op) {
        JsonNode eta = op.path("etaSeconds");
        if (!eta.isNumber() || eta.asDouble() < 0) {
            return "?";
        }
        long s = Math.round(eta.asDouble());
        return s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + "s";
    }

    /** A transfer's scope: as the node names it, else its range, sources and receiver. */
    static String transferScope(JsonNode op) {
        String scope = op.path("scope").asString("");
        if (!scope.isEmpty()) {
            return scope;
        }
        StringBuilder s = new StringBuilder("range ").append(op.path("range").asInt());
        JsonNode from = op.has("sources") ? op.path("sources") : op.path("from");
        if (from.isArray() && !from.isEmpty()) {
            s.append(" from ");
            for (int i = 0; i < from.size(); i++) {
                s.append(i == 0 ? "" : ",").append(from.get(i).asString());
            }
        } else if (from.isString()) {
            s.append(" from ").append(from.asString());
        }
        if (op.path("to").isString()) {
            s.append(" to ").append(op.path("to").asString());
        }
        return s.toString();
    }

    /** {@code [#########.....]  30%} for a fraction. */
    static String bar(double fraction) {
        int filled = (int) Math.floor(fraction * WIDTH);
        return "[" + "#".repeat(filled) + ".".repeat(WIDTH - filled) + "] "
                + String.format(Locale.ROOT, "%3d%%", (int) Math.floor(fraction * 100));
    }

    /** The whole line for one operation. */
    static String line(JsonNode op) {
        if (isTransfer(op)) {
            return transferLine(op);
        }
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

    private static String transferLine(JsonNode op) {
        StringBuilder s = new StringBuilder();
        s.append(op.path("id").asString())
                .append("  transfer ")
                .append(transferScope(op))
                .append("  ")
                .append(bar(fraction(op)))
                .append("  ");
        s.append(keys(op)).append(" keys, ").append(PlanView.size(bytes(op)));
        long estimated = estimatedBytes(op);
        if (estimated > 0 && !OperationWatcher.finished(op)) {
            s.append(" of ~").append(PlanView.size(estimated));
        }
        s.append(", ")
                .append(rate(op.path("bytesPerSecond").asDouble()))
                .append(", ETA ")
                .append(eta(op))
                .append("  ")
                .append(op.path("state").asString().toLowerCase(Locale.ROOT));
        String error = op.path("error").asString("");
        if (!error.isEmpty() && !OperationWatcher.finished(op)) {
            s.append(" (retrying: ").append(error).append(')');
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
