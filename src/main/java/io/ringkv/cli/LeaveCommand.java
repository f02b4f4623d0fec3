package io.ringkv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code leave [NODE]}: stages a member's leave (by default the node asked leaves). */
@Command(
        name = "leave",
        description = {
            "Stage a member's leave (default: the node asked).",
            "Stage the leave of member NODE, or without NODE of the node asked: once committed, its"
                    + " partitions are streamed to the members that take them, and it leaves the ring when"
                    + " every transfer is done. Exits 0; 1 when refused (an unknown node, fewer members than"
                    + " n_val would remain)."
        })
final class LeaveCommand extends ClusterChangeCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "NODE", description = "The leaving member's id")
    String nodeId;

    @Override
    int run(NodeClient node) {
        Map<String, Object> body = new LinkedHashMap<>();
        if (nodeId != null) {
            body.put("node", nodeId);
        }
        return stage(node, "leave", body, "leave " + (nodeId == null ? "of " + node.node() : nodeId));
    }
}
