package io.ringkv.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The membership commands against the cluster-change routes (docs/cluster.md): what each sends, what
 * it prints of the answer, and how a refusal (problem+json) ends it: exit 1, naming the node and the
 * cause. A {@link ContractNode} answers, so plans with transfers can be shown without a cluster.
 */
class ClusterCommandsTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private static final String RING = """
            {"version":7,"partitions":64,"members":[
              {"id":"node1","weight":1,"rack":"default","address":"h1:1","partitions":22},
              {"id":"node2","weight":1,"rack":"default","address":"h2:1","partitions":21},
              {"id":"node3","weight":1,"rack":"default","address":"h3:1","partitions":21}],"owners":[]}
            """;

    private static final String PLAN = """
            {"id":"p-7-1","baseVersion":7,
             "changes":["join node4"],
             "members":[{"id":"node1","partitions":16},{"id":"node2","partitions":16},
                        {"id":"node3","partitions":16},{"id":"node4","partitions":16}],
             "transfers":[{"range":3,"from":"node1","to":"node4","estimatedKeys":100,"estimatedBytes":1500000},
                          {"range":9,"from":"node1","to":"node4","estimatedKeys":50,"estimatedBytes":500000},
                          {"range":12,"from":"node2","to":"node4","estimatedKeys":10,"estimatedBytes":1000},
                          {"range":20,"from":null,"to":"node3","estimatedKeys":-1,"estimatedBytes":-1}],
             "movedPartitions":16}
            """;

    ContractNode node;

    @BeforeEach
    void start() throws Exception {
        node = new ContractNode().on("GET /v1/cluster/ring", 200, RING);
    }

    @AfterEach
    void stop() {
        node.close();
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    Run admin(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--node";
        all[args.length + 1] = node.address();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminCli.run(false, new PrintWriter(out), new PrintWriter(err), all);
        return new Run(exit, out.toString(), err.toString());
    }

    private ContractNode.Call last() {
        return node.calls.get(node.calls.size() - 1);
    }

    @Test
    void stagingCommandsPostTheirChangeToTheClusterRoutes() {
        String staged = "{\"claimant\":\"node1\",\"changes\":[\"join node4\"]}";
        node.on("POST /v1/admin/cluster/join", 200, staged)
                .on("POST /v1/admin/cluster/leave", 200, "{\"changes\":[\"leave node2\"]}")
                .on("POST /v1/admin/cluster/replace", 200, "{}")
                .on("POST /v1/admin/cluster/force-remove", 200, "{}");

        Run join = admin("join", "node4");
        assertThat(join.exit()).as(join.toString()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(last().body()).path("node").asString()).isEqualTo("node4");
        assertThat(join.out())
                .contains(
                        "staged join node4 at the claimant node1",
                        "staged changes:",
                        "  join node4",
                        "ringkv-admin plan");

        Run self = admin("join");
        assertThat(self.exit()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(last().body()).has("node")).isFalse();
        assertThat(self.out()).contains("staged join of " + node.address());

        Run leave = admin("leave", "node2");
        assertThat(leave.exit()).isEqualTo(ExitCodes.OK);
        assertThat(last().path()).isEqualTo("/v1/admin/cluster/leave");
        assertThat(leave.out()).contains("  leave node2");

        Run replace = admin("replace", "node2", "node5");
        assertThat(replace.exit()).isEqualTo(ExitCodes.OK);
        JsonNode body = JSON.readTree(last().body());
        assertThat(body.path("node").asString()).isEqualTo("node2");
        assertThat(body.path("replacement").asString()).isEqualTo("node5");
        assertThat(replace.out()).contains("staged replace node2 by node5");

        Run remove = admin("force-remove", "node3", "--json");
        assertThat(remove.exit()).isEqualTo(ExitCodes.OK);
        assertThat(last().path()).isEqualTo("/v1/admin/cluster/force-remove");
        assertThat(JSON.readTree(last().body()).path("node").asString()).isEqualTo("node3");
        assertThat(remove.json().isObject()).isTrue();
    }

    @Test
    void planShowsChangesPartitionsBeforeAndAfterAndTransfers() {
        node.on("GET /v1/admin/cluster/plan", 200, PLAN);
        Run plan = admin("plan");
        assertThat(plan.exit()).as(plan.toString()).isEqualTo(ExitCodes.OK);
        assertThat(plan.out())
                .contains("plan p-7-1 from ring version 7")
                .contains("  join node4")
                .containsPattern("(?m)^node1 +22 -> 16 +-6$")
                .containsPattern("(?m)^node4 +0 -> 16 +new$")
                .contains(
                        "transfers: 4 ranges, 16 partitions moved, estimated 160 keys, 2.0 MB" + " (1 of unknown size)")
                .containsPattern("(?m)^node1 +node4 +2 +150 +2.0 MB$")
                .containsPattern("(?m)^\\(rebuild\\) +node3 +1 +0 +0 B$");

        Run json = admin("plan", "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.OK);
        assertThat(json.json().path("id").asString()).isEqualTo("p-7-1");
        assertThat(json.json().path("transfers")).hasSize(4);
    }

    @Test
    void commitFetchesThePlanShowsItAndCommitsItsId() {
        node.on("GET /v1/admin/cluster/plan", 200, PLAN)
                .on("POST /v1/admin/cluster/commit", 200, "{\"claimant\":\"node1\",\"ringVersion\":8}");
        Run commit = admin("commit");
        assertThat(commit.exit()).as(commit.toString()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(last().body()).path("plan").asString()).isEqualTo("p-7-1");
        assertThat(commit.out())
                .contains("plan p-7-1 from ring version 7")
                .contains("committed plan p-7-1: ring version 8 at the claimant node1");

        int before = node.calls.size();
        Run given = admin("commit", "--plan", "p-other", "--json");
        assertThat(given.exit()).isEqualTo(ExitCodes.OK);
        assertThat(node.calls.size() - before)
                .as("no plan fetched when one is given")
                .isEqualTo(1);
        assertThat(JSON.readTree(last().body()).path("plan").asString()).isEqualTo("p-other");
        assertThat(given.json().path("ringVersion").asLong()).isEqualTo(8);
    }

    @Test
    void aRefusalExitsOneNamingTheNodeAndTheReason() {
        node.onProblem("GET /v1/admin/cluster/plan", 409, "nothing-staged", "no cluster change is staged")
                .onProblem("POST /v1/admin/cluster/commit", 409, "stale-plan", "the ring is at version 9, not 7");
        Run nothing = admin("commit");
        assertThat(nothing.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(nothing.err())
                .contains("ringkv-admin commit: " + node.address())
                .contains("409 nothing-staged: no cluster change is staged");

        Run stale = admin("commit", "--plan", "p-7-1");
        assertThat(stale.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(stale.err()).contains(node.address()).contains("409 stale-plan: the ring is at version 9, not 7");

        node.onProblem(
                "POST /v1/admin/cluster/leave",
                503,
                "claimant-unreachable",
                "the claimant node1 (h1:1) does not answer");
        Run leave = admin("leave", "--json");
        assertThat(leave.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(leave.err()).contains("503 claimant-unreachable: the claimant node1");
        assertThat(leave.json().path("error").path("exitCode").asInt()).isEqualTo(1);
    }

    @Test
    void clearDeletesTheStagedChanges() {
        node.on("DELETE /v1/admin/cluster/staged", 204, "");
        Run clear = admin("clear");
        assertThat(clear.exit()).as(clear.toString()).isEqualTo(ExitCodes.OK);
        assertThat(last().method()).isEqualTo("DELETE");
        assertThat(clear.out()).contains("staged changes cleared");
    }

    @Test
    void transferOperationsRenderWithKeysBytesRateAndEta() {
        // as the node lists a transfer (docs/api.md): no size of its own, its time left at its rate
        String running = """
                {"id":"transfer-7-3","kind":"transfer","scope":"range 3 from node1","trigger":"ring 7",
                 "state":"running","partitionsDone":0,"partitionsTotal":1,"exchangesDone":0,"exchangesFailed":0,
                 "exchangesTotal":1,"keysCompared":0,"differences":0,"keysRepaired":0,"bytesSent":0,
                 "bytesReceived":500000,"bytesPerSecond":250000.0,"startedAt":"2026-12-05T01:00:00Z",
                 "finishedAt":null,"error":null,"keysReceived":40,"etaSeconds":6.0}
                """;
        String done = running.replace("\"running\"", "\"done\"")
                .replace("\"partitionsDone\":0", "\"partitionsDone\":1")
                .replace("\"bytesReceived\":500000", "\"bytesReceived\":2000000")
                .replace("\"etaSeconds\":6.0", "\"etaSeconds\":0");
        String unknown = running.replace("\"etaSeconds\":6.0", "\"etaSeconds\":null");
        node.on("GET /v1/admin/operations", 200, "{\"operations\":[" + running + "]}")
                .on("GET /v1/admin/operations/transfer-7-3", 200, running);
        Run list = admin("operations");
        assertThat(list.exit()).as(list.toString()).isEqualTo(ExitCodes.OK);
        assertThat(list.out())
                .contains("KEYS", "BYTES", "RATE", "ETA")
                .containsPattern("transfer-7-3 +transfer +range 3 from node1 +running"
                        + " +\\[#######\\.+\\]  25% +40 +500.0 kB +250.0 kB/s +6s");

        Run line = admin("operations", "transfer-7-3");
        assertThat(line.out()).contains("[#######.......................]  25%");

        node.on("GET /v1/admin/operations/transfer-7-3", 200, done);
        Run watched = admin("operations", "transfer-7-3", "--watch", "--interval", "10ms");
        assertThat(watched.exit()).as(watched.toString()).isEqualTo(ExitCodes.OK);
        assertThat(watched.out())
                .contains("transfer-7-3  transfer range 3 from node1  [##############################] 100%")
                .contains("40 keys, 2.0 MB, 250.0 kB/s, ETA 0s  done");

        // without a time left its size is unknown: the bar waits for its source
        node.on("GET /v1/admin/operations/transfer-7-3", 200, unknown);
        Run sizeUnknown = admin("operations", "transfer-7-3");
        assertThat(sizeUnknown.out()).contains("[..............................]   0%");
        assertThat(admin("operations").out()).contains("running");
    }

    @Test
    void missingArgumentsAreUsageErrors() {
        assertThat(admin("replace", "node2").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin("force-remove").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin("join", "a", "b").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(node.calls).isEmpty();
    }
}
