package io.ringkv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code force-remove NODE}: stages the removal of a member that is gone for good. */
@Command(
        name = "force-remove",
        description = {
            "Stage the removal of a member that is gone for good.",
            "Stage the forced removal of member NODE (dead, its data lost): its partitions go to other"
                    + " members, which rebuild them from the other replicas. Exits 0; 1 when refused (an"
                    + " unknown node)."
        })
final class ForceRemoveCommand extends ClusterChangeCommand {
    @Parameters(index = "0", paramLabel = "NODE", description = "The member to remove")
    String nodeId;

    @Override
    int run(NodeClient node) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", nodeId);
        return stage(node, "force-remove", body, "force-remove " + nodeId);
    }
}
