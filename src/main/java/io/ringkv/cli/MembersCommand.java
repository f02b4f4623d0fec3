package io.ringkv.cli;

import picocli.CommandLine.Command;
import tools.jackson.databind.JsonNode;

/** {@code members}: every member the node has heard of through gossip, with its status. */
@Command(
        name = "members",
        description = {
            "The members the node knows through gossip, with their status.",
            "List the members the node knows through gossip: address, status (UP, SUSPECT, DOWN, LEFT),"
                    + " failure detector phi, health, partitions owned, ring version. Exits 0."
        })
final class MembersCommand extends NodeCommand {

    @Override
    int run(NodeClient node) {
        JsonNode members = node.get("/v1/cluster/members");
        if (json()) {
            json(members);
            return ExitCodes.OK;
        }
        String self = members.path("self").asString();
        Table table =
                new Table("ID", "ADDRESS", "STATUS", "PHI", "HEALTH", "STORAGE", "PARTITIONS", "RING", "LAST HEARD");
        for (JsonNode m : members.path("members")) {
            long ago = m.path("lastHeartbeatMillisAgo").asLong();
            String id = m.path("id").asString();
            table.row(
                    id.equals(self) ? id + " *" : id,
                    m.path("address").asString(),
                    m.path("status").asString(),
                    m.path("phi").asDouble(),
                    m.path("health").asString(),
                    m.path("storageHealth").asString(),
                    m.path("partitions").asInt(),
                    m.path("ringVersion").asLong(),
                    id.equals(self) ? "-" : ago < 0 ? "never" : ago + " ms ago");
        }
        table.print(out());
        for (JsonNode seed : members.path("seedsNotReached")) {
            out().println("seed not reached yet: " + seed.asString());
        }
        out().println("(* the node asked: " + node.node() + ")");
        out().flush();
        return ExitCodes.OK;
    }
}
