package io.ringkv.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code plan}: the ring the staged changes would make, and what it would move. */
@Command(
        name = "plan",
        description = {
            "The plan of the staged changes: members' partitions and transfers.",
            "Show the plan the claimant makes of the staged changes: its id, the ring version it starts"
                    + " from, the changes, each member's partitions before and after, and the transfers"
                    + " (ranges, estimated keys and bytes, by source and receiver). --json prints the plan"
                    + " as the node answers it. Exits 0; 1 when nothing is staged or the claimant refused."
        })
final class PlanCommand extends NodeCommand {
    @Override
    int run(NodeClient node) {
        JsonNode plan = node.get("/v1/admin/cluster/plan");
        if (json()) {
            json(plan);
            return ExitCodes.OK;
        }
        PlanView.print(out(), plan, ringOrNull(node), node.node());
        return ExitCodes.OK;
    }

    /** The ring the node holds, for the partitions before; null when it does not answer it. */
    static JsonNode ringOrNull(NodeClient node) {
        try {
            return node.get("/v1/cluster/ring");
        } catch (AdminException e) {
            return null;
        }
    }
}
