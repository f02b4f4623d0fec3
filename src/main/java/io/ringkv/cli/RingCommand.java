package io.ringkv.cli;

import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import tools.jackson.databind.JsonNode;

/** {@code ring}: the ring's version, its members and their share, and optionally every partition's owner. */
@Command(
        name = "ring",
        description = {
            "The ring: version, partitions, each member's share.",
            "Show the ring as the node holds it: version, partitions, each member's weight, rack, address"
                    + " and share of the partitions. Exits 0; 1 while the node does not know the ring yet."
        })
final class RingCommand extends NodeCommand {
    @Option(names = "--partitions", description = "Also list the owner of every partition")
    boolean partitions;

    @Override
    int run(NodeClient node) {
        JsonNode ring = node.get("/v1/cluster/ring");
        if (json()) {
            json(ring);
            return ExitCodes.OK;
        }
        int q = ring.path("partitions").asInt();
        out().println("ring version " + ring.path("version").asLong() + ", " + q + " partitions, "
                + ring.path("members").size() + " members");
        JsonNode transition = ring.path("transition");
        if (transition.isObject()) {
            out().println("moving since version "
                    + transition.path("startVersion").asLong() + ": "
                    + transition.path("done").asInt() + " of "
                    + transition.path("transfers").asInt()
                    + " transfers done, " + transition.path("switchedRanges").asInt() + " of " + q
                    + " ranges switched"
                    + (transition.path("departing").isEmpty() ? "" : ", departing " + transition.path("departing")));
        }
        Table table = new Table("ID", "WEIGHT", "RACK", "ADDRESS", "PARTITIONS", "SHARE");
        for (JsonNode m : ring.path("members")) {
            int owned = m.path("partitions").asInt();
            table.row(
                    m.path("id").asString(),
                    m.path("weight").asInt(),
                    m.path("rack").asString(),
                    m.path("address").asString(null) == null
                            ? "?"
                            : m.path("address").asString(),
                    owned,
                    String.format(java.util.Locale.ROOT, "%.1f%%", q == 0 ? 0.0 : 100.0 * owned / q));
        }
        table.print(out());
        if (partitions) {
            List<String> owners = new ArrayList<>();
            for (JsonNode owner : ring.path("owners")) {
                owners.add(owner.asString());
            }
            Table byPartition = new Table("PARTITION", "OWNER");
            for (int p = 0; p < owners.size(); p++) {
                byPartition.row(p, owners.get(p));
            }
            byPartition.print(out());
        }
        return ExitCodes.OK;
    }
}
