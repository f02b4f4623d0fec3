package io.ringkv.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/**
 * A cluster-change plan as text: the staged changes, every member's partitions before (in the ring the
 * node holds) and after, and the transfers, summed and grouped by source and receiver.
 */
final class PlanView {
    private PlanView() {}

    /** One staged change as text: {@code join node4}, {@code replace node2 by node5}. */
    static String change(JsonNode c) {
        if (c.isString()) {
            return c.asString();
        }
        String type = first(c, "type", "kind", "change", "action");
        String node = first(c, "node", "id");
        if (node.isEmpty()) {
            node = c.path("node").path("id").asString("");
        }
        String replacement = first(c, "replacement", "by");
        if (replacement.isEmpty()) {
            replacement = c.path("replacement").path("id").asString("");
        }
        StringBuilder s = new StringBuilder(type.isEmpty() ? c.toString() : type);
        if (!node.isEmpty()) {
            s.append(' ').append(node);
        }
        if (!replacement.isEmpty()) {
            s.append(" by ").append(replacement);
        }
        return s.toString();
    }

    private static String first(JsonNode c, String... names) {
        for (String name : names) {
            JsonNode v = c.path(name);
            if (v.isString() || v.isNumber()) {
                return v.asString();
            }
        }
        return "";
    }

    /** Prints {@code plan}; {@code ring} (may be null) gives each member's partitions before. */
    static void print(PrintWriter out, JsonNode plan, JsonNode ring, String node) {
        out.println("plan " + plan.path("id").asString() + " from ring version "
                + plan.path("baseVersion").asLong() + " (asked " + node + ")");
        JsonNode changes = plan.path("changes");
        out.println(changes.isEmpty() ? "changes: none" : "changes:");
        for (JsonNode c : changes) {
            out.println("  " + change(c));
        }

        Map<String, Integer> before = new LinkedHashMap<>();
        if (ring != null) {
            for (JsonNode m : ring.path("members")) {
                before.put(m.path("id").asString(), m.path("partitions").asInt());
            }
        }
        Map<String, Integer> after = new LinkedHashMap<>();
        for (JsonNode m : plan.path("members")) {
            after.put(m.path("id").asString(), m.path("partitions").asInt());
        }
        Table members = new Table("MEMBER", "PARTITIONS", "CHANGE");
        Map<String, Boolean> ids = new LinkedHashMap<>();
        before.keySet().forEach(id -> ids.put(id, true));
        after.keySet().forEach(id -> ids.put(id, true));
        for (String id : ids.keySet()) {
            Integer b = before.get(id);
            Integer a = after.get(id);
            int was = b == null ? 0 : b;
            int is = a == null ? 0 : a;
            String what = b == null
                    ? "new"
                    : a == null ? "leaves" : is == was ? "" : String.format(Locale.ROOT, "%+d", is - was);
            members.row(id, (ring == null ? "?" : was) + " -> " + is, what);
        }
        out.println("members:");
        members.print(out);

        JsonNode transfers = plan.path("transfers");
        long keys = 0;
        long bytes = 0;
        int unknown = 0;
        Map<String, long[]> byPair = new TreeMap<>();
        for (JsonNode t : transfers) {
            // a source that could not tell its range's size answers -1
            long k = Math.max(0, t.path("estimatedKeys").asLong());
            long b = Math.max(0, t.path("estimatedBytes").asLong());
            if (t.path("estimatedKeys").asLong() < 0 || t.path("estimatedBytes").asLong() < 0) {
                unknown++;
            }
            keys += k;
            bytes += b;
            String from = t.path("from").isNull() || t.path("from").isMissingNode()
                    ? "(rebuild)"
                    : t.path("from").asString();
            long[] sum = byPair.computeIfAbsent(from + "\u0000" + t.path("to").asString(), pair -> new long[3]);
            sum[0]++;
            sum[1] += k;
            sum[2] += b;
        }
        out.println("transfers: " + transfers.size() + " ranges, "
                + plan.path("movedPartitions").asInt() + " partitions moved, estimated " + keys + " keys, "
                + size(bytes) + (unknown == 0 ? "" : " (" + unknown + " of unknown size)"));
        if (!byPair.isEmpty()) {
            Table pairs = new Table("FROM", "TO", "RANGES", "EST. KEYS", "EST. BYTES");
            for (Map.Entry<String, long[]> e : byPair.entrySet()) {
                String[] pair = e.getKey().split("\u0000", 2);
                long[] sum = e.getValue();
                pairs.row(pair[0], pair[1], sum[0], sum[1], size(sum[2]));
            }
            pairs.print(out);
        }
        out.flush();
    }

    /** A byte count as {@code 512 B}, {@code 1.5 kB}, {@code 2.0 MB}, {@code 1.1 GB}. */
    static String size(long bytes) {
        if (bytes >= 1_000_000_000L) {
            return String.format(Locale.ROOT, "%.1f GB", bytes / 1e9);
        }
        if (bytes >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
        }
        if (bytes >= 1_000) {
            return String.format(Locale.ROOT, "%.1f kB", bytes / 1e3);
        }
        return bytes + " B";
    }
}
