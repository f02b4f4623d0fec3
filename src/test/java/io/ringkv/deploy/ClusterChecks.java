package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode.Reply;
import io.ringkv.testing.Await;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** What "these nodes form a cluster" means, checked over HTTP at every node. */
final class ClusterChecks {
    static final long WAIT_SECONDS = 120;

    private ClusterChecks() {}

    static void await(List<ContainerNode> nodes, String what, Await.Check check) throws Exception {
        try {
            Await.until(what, WAIT_SECONDS, () -> {
                // a node that exited will not come back: fail now, with its log
                for (ContainerNode n : nodes) {
                    if (!n.alive()) {
                        throw new AssertionError(n.name() + " exited while waiting until " + what);
                    }
                }
                return check.holds();
            });
        } catch (AssertionError e) {
            StringBuilder logs = new StringBuilder(e.getMessage());
            for (ContainerNode n : nodes) {
                logs.append("\n--- ")
                        .append(n.name())
                        .append(n.alive() ? "" : " (exited)")
                        .append(" ---\n")
                        .append(n.logTail());
            }
            throw new AssertionError(logs.toString(), e);
        }
    }

    /**
     * Every node ready, every node sees every member UP, all hold the same ring naming the members
     * with the expected ids, advertised addresses and racks, each owning partitions; and a value
     * written at the first node reads back at the last.
     */
    static void assertFormCluster(
            List<ContainerNode> nodes, Map<String, String> addressById, Map<String, String> rackById) throws Exception {
        await(nodes, "every node is ready", () -> nodes.stream().allMatch(ContainerNode::ready));
        await(nodes, "every node sees every member UP", () -> {
            for (ContainerNode n : nodes) {
                JsonNode members = n.get("/v1/cluster/members").json().get("members");
                Set<String> up = new HashSet<>();
                for (JsonNode m : members) {
                    if (m.get("status").asString().equals("UP")) {
                        up.add(m.get("id").asString());
                    }
                }
                if (!up.equals(addressById.keySet())) {
                    return false;
                }
            }
            return true;
        });
        List<JsonNode> rings = new ArrayList<>();
        for (ContainerNode n : nodes) {
            Reply ring = n.get("/v1/cluster/ring");
            assertThat(ring.status()).as(n.name() + " ring").isEqualTo(200);
            rings.add(ring.json());
        }
        for (JsonNode ring : rings) {
            assertThat(ring).as("every node holds the same ring").isEqualTo(rings.get(0));
        }
        JsonNode ring = rings.get(0);
        Set<String> ids = new HashSet<>();
        for (JsonNode member : ring.get("members")) {
            String id = member.get("id").asString();
            ids.add(id);
            assertThat(member.get("address").asString()).as(id + " address").isEqualTo(addressById.get(id));
            assertThat(member.get("rack").asString()).as(id + " rack").isEqualTo(rackById.get(id));
            assertThat(member.get("partitions").asInt()).as(id + " partitions").isPositive();
        }
        assertThat(ids).isEqualTo(addressById.keySet());
        Set<String> owners = new HashSet<>();
        ring.get("owners").forEach(o -> owners.add(o.asString()));
        assertThat(owners).isEqualTo(addressById.keySet());

        ContainerNode first = nodes.get(0);
        ContainerNode last = nodes.get(nodes.size() - 1);
        assertThat(first.put("/v1/buckets/deploy/keys/greeting?w=all", "hello").status())
                .isEqualTo(204);
        Reply read = last.get("/v1/buckets/deploy/keys/greeting?r=all");
        assertThat(read.status()).as(read.toString()).isEqualTo(200);
        assertThat(read.body()).isEqualTo("hello");
    }
}
