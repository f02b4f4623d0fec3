package io.ringkv.cli;

import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * A command that stages one cluster change (join, leave, replace, force-remove) at the claimant,
 * through the node asked (which forwards it). The change only takes effect with {@code commit}, after
 * {@code plan} has shown what it moves.
 */
abstract class ClusterChangeCommand extends NodeCommand {
    /** Sends the change to {@code /v1/admin/cluster/{route}} and prints what is staged now. */
    int stage(NodeClient node, String route, Map<String, Object> body, String change) {
        JsonNode answer = node.post("/v1/admin/cluster/" + route, body);
        if (json()) {
            json(answer);
            return ExitCodes.OK;
        }
        String claimant = answer.path("claimant").asString("");
        out().println("staged " + change + (claimant.isEmpty() ? "" : " at the claimant " + claimant) + " (asked "
                + node.node() + ")");
        JsonNode changes = answer.path("changes");
        if (changes.isArray() && !changes.isEmpty()) {
            out().println("staged changes:");
            for (JsonNode c : changes) {
                out().println("  " + PlanView.change(c));
            }
        }
        out().println("review with: ringkv-admin plan --node " + node.node()
                + "; apply with: ringkv-admin commit --node " + node.node());
        out().flush();
        return ExitCodes.OK;
    }
}
