package io.ringkv.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code status}: the node's health, the ring it holds, its members' statuses and its operations, in
 * one answer; exits 1 when anything is not well, so a script can wait for a healthy cluster.
 */
@Command(
        name = "status",
        description = {
            "The cluster as the node sees it: health, ring, members, operations.",
            "Summarize the cluster as the node sees it: its health, the ring (version, partitions,"
                    + " members), how many members are UP, SUSPECT, DOWN or LEFT, and its running operations. Exits 0"
                    + " when the node is UP, knows the ring and sees every ring member UP; 1 otherwise (the reasons"
                    + " are listed)."
        })
final class StatusCommand extends NodeCommand {

    @Override
    int run(NodeClient node) {
        JsonNode health = node.get("/actuator/health", Set.of(503));
        JsonNode members = node.get("/v1/cluster/members");
        JsonNode ring = ring(node);
        JsonNode operations = node.get("/v1/admin/operations").path("operations");

        List<String> problems = new ArrayList<>();
        String healthStatus = health.path("status").asString("UNKNOWN");
        if (!healthStatus.equals("UP")) {
            problems.add("the node's health is " + healthStatus + downComponents(health));
        }
        Map<String, String> statusById = new TreeMap<>();
        for (JsonNode m : members.path("members")) {
            statusById.put(m.path("id").asString(), m.path("status").asString());
        }
        Map<String, Integer> counts = new TreeMap<>();
        for (String s : List.of("UP", "SUSPECT", "DOWN", "LEFT")) {
            counts.put(s, 0);
        }
        if (ring == null) {
            problems.add("the node does not know the ring yet (seeds not reached: "
                    + String.join(", ", strings(members.path("seedsNotReached"))) + ")");
        } else {
            for (JsonNode m : ring.path("members")) {
                String id = m.path("id").asString();
                String status = statusById.getOrDefault(id, "UNKNOWN");
                counts.merge(status, 1, Integer::sum);
                if (!status.equals("UP")) {
                    problems.add("member " + id + " is " + status);
                }
            }
        }
        int running = 0;
        int failed = 0;
        for (JsonNode op : operations) {
            String state = op.path("state").asString();
            if (state.equals("running") || state.equals("pending")) {
                running++;
            } else if (state.equals("failed")) {
                failed++;
            }
        }
        int exit = problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILED;
        if (json()) {
            ObjectNode answer = NodeClient.JSON.createObjectNode();
            answer.put("node", node.node());
            answer.put("self", members.path("self").asString());
            answer.put("health", healthStatus);
            if (ring == null) {
                answer.putNull("ring");
            } else {
                ObjectNode r = answer.putObject("ring");
                r.put("version", ring.path("version").asLong());
                r.put("partitions", ring.path("partitions").asInt());
                r.put("members", ring.path("members").size());
            }
            ObjectNode c = answer.putObject("members");
            counts.forEach(c::put);
            ObjectNode o = answer.putObject("operations");
            o.put("running", running);
            o.put("failed", failed);
            o.put("total", operations.size());
            answer.put("ok", problems.isEmpty());
            ArrayNode p = answer.putArray("problems");
            problems.forEach(p::add);
            json(answer);
            return exit;
        }
        Table table = new Table("", "");
        table.row("node", members.path("self").asString() + " at " + node.node());
        table.row("health", healthStatus);
        table.row(
                "ring",
                ring == null
                        ? "not known yet"
                        : "version " + ring.path("version").asLong() + ", "
                                + ring.path("partitions").asInt() + " partitions, "
                                + ring.path("members").size() + " members");
        List<String> byStatus = new ArrayList<>();
        counts.forEach((status, n) -> {
            if (n > 0 || status.equals("UP")) {
                byStatus.add(n + " " + status);
            }
        });
        table.row("members", String.join(", ", byStatus));
        table.row(
                "operations",
                running + " running, " + operations.size() + " recent"
                        + (failed > 0 ? " (" + failed + " failed)" : ""));
        table.print(out());
        out().println(problems.isEmpty() ? "ok" : "not ok:");
        for (String problem : problems) {
            out().println("  " + problem);
        }
        out().flush();
        return exit;
    }

    /** The ring, or null while the node does not know it (503 cluster-not-ready). */
    private static JsonNode ring(NodeClient node) {
        JsonNode ring = node.get("/v1/cluster/ring", Set.of(503));
        return ring.has("owners") ? ring : null;
    }

    private static String downComponents(JsonNode health) {
        List<String> down = new ArrayList<>();
        for (Map.Entry<String, JsonNode> c : health.path("components").properties()) {
            String status = c.getValue().path("status").asString();
            if (!status.equals("UP")) {
                down.add(c.getKey() + " " + status);
            }
        }
        return down.isEmpty() ? "" : " (" + String.join(", ", down) + ")";
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        for (JsonNode s : array) {
            out.add(s.asString());
        }
        return out;
    }
}
