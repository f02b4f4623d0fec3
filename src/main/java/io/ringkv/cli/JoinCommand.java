package io.ringkv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code join [NODE]}: stages a node's join to the ring (by default the node asked joins itself). */
@Command(
        name = "join",
        description = {
            "Stage a node's join to the ring (default: the node asked).",
            "Stage the join of NODE (a node that gossip knows, by its id), or without NODE of the node"
                    + " asked, at the cluster's claimant. Nothing moves until commit. Exits 0; 1 when the"
                    + " claimant refused it (another cluster, an unknown node) or could not be reached."
        })
final class JoinCommand extends ClusterChangeCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "The joining node's id")
    String nodeId;

    @Override
    int run(NodeClient node) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (nodeId != null) {
            body.put("node", nodeId);
        }
        return stage(node, "join", body, "join " + (nodeId == null ? "of " + node.node() : nodeId));
    }
}
