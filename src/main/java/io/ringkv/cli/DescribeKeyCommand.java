package io.ringkv.cli;

import java.util.HashSet;
import java.util.Set;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code describe-key BUCKET KEY}: the key's partition, preference list and what each replica holds. */
@Command(
        name = "describe-key",
        description = {
            "A key's partition, preference list and each replica's versions.",
            "Show where a key lives and what each of its replicas holds: its partition, its preference"
                    + " list, and per replica its status, versions (dot, time, content type, size) and causal context,"
                    + " or why it did not answer. Nothing is repaired. Exits 0 when every replica answered; 1 when"
                    + " one did not (or the node refused the request)."
        })
final class DescribeKeyCommand extends NodeCommand {
    @Parameters(index = "0", paramLabel = "BUCKET", description = "The bucket")
    String bucket;

    @Parameters(index = "1", paramLabel = "KEY", description = "The key (any UTF-8 string; it is percent-encoded)")
    String key;

    @Override
    int run(NodeClient node) {
        JsonNode answer = node.get("/v1/admin/keys/" + NodeClient.segment(bucket) + "/" + NodeClient.segment(key));
        boolean allAnswered = true;
        for (JsonNode replica : answer.path("replicas")) {
            allAnswered &= replica.path("error").isNull();
        }
        int exit = allAnswered ? ExitCodes.OK : ExitCodes.FAILED;
        if (json()) {
            json(answer);
            return exit;
        }
        out().println("bucket " + answer.path("bucket").asString() + ", key "
                + answer.path("key").asString() + ": partition "
                + answer.path("partition").asInt() + ", n=" + answer.path("n").asInt());
        StringBuilder list = new StringBuilder();
        for (JsonNode n : answer.path("preferenceList")) {
            list.append(list.isEmpty() ? "" : ", ").append(n.asString());
        }
        out().println("preference list: " + list);
        Set<String> contexts = new HashSet<>();
        for (JsonNode replica : answer.path("replicas")) {
            String node0 = replica.path("node").asString();
            String status = replica.path("status").asString();
            out().println();
            if (!replica.path("error").isNull()) {
                out().println(node0 + " (" + status + "): no answer: "
                        + replica.path("error").asString());
                continue;
            }
            contexts.add(replica.path("context").asString());
            int siblings = replica.path("siblings").asInt();
            out().println(node0 + " (" + status + "): "
                    + (siblings == 0 ? "no version" : siblings + (siblings == 1 ? " version" : " versions"))
                    + ", context " + vector(replica.path("vector")));
            if (siblings > 0) {
                Table versions = new Table("  DOT", "LAST MODIFIED", "TYPE", "SIZE", "EXPIRES");
                for (JsonNode v : replica.path("versions")) {
                    versions.row(
                            "  " + v.path("dot").asString(),
                            v.path("lastModified").asString(),
                            v.path("deleted").asBoolean()
                                    ? "(tombstone)"
                                    : v.path("contentType").asString(),
                            v.path("size").asInt() + " B",
                            v.path("expiresAt").isNull()
                                    ? "-"
                                    : v.path("expiresAt").asString());
                }
                versions.print(out());
            }
        }
        out().println();
        out().println(
                        !allAnswered
                                ? "not every replica answered"
                                : contexts.size() <= 1
                                        ? "the replicas agree"
                                        : "the replicas differ (repair or a read converges them)");
        out().flush();
        return exit;
    }

    private static String vector(JsonNode vector) {
        StringBuilder s = new StringBuilder("{");
        for (var e : vector.properties()) {
            s.append(s.length() > 1 ? ", " : "")
                    .append(e.getKey())
                    .append('=')
                    .append(e.getValue().asLong());
        }
        return s.append('}').toString();
    }
}
