package io.ringkv.cli;

import java.time.Duration;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import tools.jackson.databind.JsonNode;

/** {@code operations [ID] [--watch]}: the node's running and recent operations, or one of them, with progress. */
@Command(
        name = "operations",
        description = {
            "The node's operations and their progress; --watch follows them.",
            "List the node's running and recent operations (repairs, transfers) with their progress, or show one"
                    + " by its id. With --watch, follow them with progress bars until they end. Exits 0; 1 when the"
                    + " operation shown (or one followed) failed, or the node has no operation of that id."
        })
final class OperationsCommand extends NodeCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "ID", description = "One operation's id")
    String id;

    @Option(
            names = {"-w", "--watch"},
            description = "Follow until the operation (without ID: every running one) has ended")
    boolean watch;

    @Option(
            names = "--interval",
            paramLabel = "DURATION",
            defaultValue = "1s",
            converter = DurationConverter.class,
            description = "How often to poll while following (default: ${DEFAULT-VALUE})")
    Duration interval;

    @Override
    int run(NodeClient node) {
        OperationWatcher watcher = new OperationWatcher(this, node, interval, terminal());
        if (watch) {
            return id == null ? watcher.followAll() : watcher.follow(id);
        }
        if (id != null) {
            JsonNode op = node.get("/v1/admin/operations/" + NodeClient.segment(id));
            int exit = op.path("state").asString().equalsIgnoreCase("failed") ? ExitCodes.FAILED : ExitCodes.OK;
            if (json()) {
                json(op);
                return exit;
            }
            Table table = new Table("", "");
            for (var field : op.properties()) {
                table.row(
                        field.getKey(),
                        field.getValue().isNull() ? "-" : field.getValue().asString());
            }
            table.print(out());
            out().println(ProgressBar.bar(ProgressBar.fraction(op)));
            out().flush();
            return exit;
        }
        JsonNode all = node.get("/v1/admin/operations");
        if (json()) {
            json(all);
            return ExitCodes.OK;
        }
        if (all.path("operations").isEmpty()) {
            out().println("no operations at " + node.node());
            out().flush();
            return ExitCodes.OK;
        }
        Table repairs =
                new Table("ID", "KIND", "SCOPE", "TRIGGER", "STATE", "PROGRESS", "DIFFERENCES", "REPAIRED", "STARTED");
        Table transfers =
                new Table("ID", "KIND", "SCOPE", "STATE", "PROGRESS", "KEYS", "BYTES", "RATE", "ETA", "STARTED");
        int repairRows = 0;
        int transferRows = 0;
        for (JsonNode op : all.path("operations")) {
            String started =
                    op.path("startedAt").isNull() || op.path("startedAt").isMissingNode()
                            ? "-"
                            : op.path("startedAt").asString();
            if (ProgressBar.isTransfer(op)) {
                transferRows++;
                transfers.row(
                        op.path("id").asString(),
                        op.path("kind").asString(),
                        ProgressBar.transferScope(op),
                        op.path("state").asString().toLowerCase(java.util.Locale.ROOT),
                        ProgressBar.bar(ProgressBar.fraction(op)),
                        ProgressBar.keys(op),
                        PlanView.size(ProgressBar.bytes(op)),
                        ProgressBar.rate(op.path("bytesPerSecond").asDouble()),
                        ProgressBar.eta(op),
                        started);
                continue;
            }
            repairRows++;
            repairs.row(
                    op.path("id").asString(),
                    op.path("kind").asString(),
                    op.path("scope").asString(),
                    op.path("trigger").asString(),
                    op.path("state").asString(),
                    ProgressBar.bar(ProgressBar.fraction(op)),
                    op.path("differences").asLong(),
                    op.path("keysRepaired").asLong(),
                    started);
        }
        if (repairRows > 0) {
            repairs.print(out());
        }
        if (transferRows > 0) {
            if (repairRows > 0) {
                out().println();
            }
            transfers.print(out());
        }
        return ExitCodes.OK;
    }
}
