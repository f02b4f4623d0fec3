package io.ringkv.cli;

import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code replace OLD NEW}: stages the replacement of a member by a new node, which takes its partitions. */
@Command(
        name = "replace",
        description = {
            "Stage the replacement of member OLD by node NEW.",
            "Stage the replacement of member OLD by node NEW (known to gossip, owning no partitions): NEW"
                    + " takes exactly OLD's partitions, streamed to it, and OLD leaves the ring when every"
                    + " transfer is done. Exits 0; 1 when refused (an unknown node, NEW already owns partitions)."
        })
final class ReplaceCommand extends ClusterChangeCommand {
    @Parameters(index = "0", paramLabel = "OLD", description = "The member to replace")
    String old;

    @Parameters(index = "1", paramLabel = "NEW", description = "The node that takes its place")
    String replacement;

    @Override
    int run(NodeClient node) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("node", old);
        body.put("replacement", replacement);
        return stage(node, "replace", body, "replace " + old + " by " + replacement);
    }
}
