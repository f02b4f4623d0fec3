package io.ringkv.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code clear}: drops every staged cluster change. */
@Command(
        name = "clear",
        description = {
            "Drop every staged cluster change.",
            "Drop the changes staged at the claimant (a committed plan is not undone). Exits 0; 1 when the"
                    + " claimant refused or could not be reached."
        })
final class ClearCommand extends NodeCommand {
    @Override
    int run(NodeClient node) {
        JsonNode answer = node.delete("/v1/admin/cluster/staged");
        if (json()) {
            json(answer);
            return ExitCodes.OK;
        }
        out().println("staged changes cleared (asked " + node.node() + ")");
        out().flush();
        return ExitCodes.OK;
    }
}
