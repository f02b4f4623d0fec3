package io.ringkv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code commit [--plan ID]}: commits a plan of the staged changes, making the new ring. */
@Command(
        name = "commit",
        description = {
            "Commit the plan of the staged changes.",
            "Commit the plan of the staged changes at the claimant: the new ring starts its transition"
                    + " and the transfers begin (follow them with operations --watch at the receiving"
                    + " nodes). Without --plan, fetches the current plan, shows it and commits its id. Exits"
                    + " 0; 1 when refused: nothing staged, a stale plan (the ring or the staged changes"
                    + " changed since), a transition still running."
        })
final class CommitCommand extends NodeCommand {
    @Option(
            names = "--plan",
            paramLabel = "ID",
            description = "The plan to commit, as plan showed it (default: the current plan, shown first)")
    String planId;

    @Override
    int run(NodeClient node) {
        String id = planId;
        if (id == null) {
            JsonNode plan = node.get("/v1/admin/cluster/plan");
            id = plan.path("id").asString();
            if (!json()) {
                PlanView.print(out(), plan, PlanCommand.ringOrNull(node), node.node());
            }
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("plan", id);
        JsonNode committed = node.post("/v1/admin/cluster/commit", body);
        if (json()) {
            json(committed);
            return ExitCodes.OK;
        }
        JsonNode version = committed.has("version") ? committed.path("version") : committed.path("ringVersion");
        String claimant = committed.path("claimant").asString("");
        out().println("committed plan " + id + (version.isMissingNode() ? "" : ": ring version " + version.asLong())
                + (claimant.isEmpty() ? "" : " at the claimant " + claimant) + " (asked " + node.node() + ")");
        out().println("follow the transfers with: ringkv-admin operations --watch (at each receiving node)");
        out().flush();
        return ExitCodes.OK;
    }
}
