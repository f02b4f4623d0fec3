package io.ringkv.cli;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code repair}: starts an anti-entropy repair at the node, and follows it with {@code --wait}. */
@Command(
        name = "repair",
        description = {
            "Start an anti-entropy repair, and follow it with --wait.",
            "Start an anti-entropy repair at the node: every partition it replicates (default), one"
                    + " bucket's keys, or one partition, compared with each other replica and the differing keys"
                    + " synced both ways. Prints the operation's id; with --wait, follows it with a progress bar"
                    + " until it ends. Exits 0; 1 when the node refused it or (with --wait) it failed."
        })
final class RepairCommand extends NodeCommand {
    static final class Scope {
        @Option(names = "--bucket", paramLabel = "BUCKET", description = "Only this bucket's keys")
        String bucket;

        @Option(names = "--partition", paramLabel = "P", description = "Only this partition")
        Integer partition;
    }

    @ArgGroup(exclusive = true)
    Scope scope;

    @Option(names = "--wait", description = "Follow the repair until it ends")
    boolean await;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often to poll with --wait (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    int run(NodeClient node) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (scope != null && scope.bucket != null) {
            body.put("bucket", scope.bucket);
        }
        if (scope != null && scope.partition != null) {
            body.put("partition", scope.partition);
        }
        JsonNode started = node.post("/v1/admin/repair", body);
        String id = started.path("id").asString();
        if (json() && !await) {
            json(started);
            return ExitCodes.OK;
        }
        if (!json()) {
            out().println("repair " + id + " started at " + node.node());
            out().flush();
        }
        if (!await) {
            if (!json()) {
                out().println("follow it with: ringkv-admin operations " + id + " --watch --node " + node.node());
                out().flush();
            }
            return ExitCodes.OK;
        }
        return new OperationWatcher(this, node, interval, terminal()).follow(id);
    }
}
