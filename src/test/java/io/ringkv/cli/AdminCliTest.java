package io.ringkv.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.ringkv.server.TestNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every command of the admin command line against a real node, in text and in JSON, and the exit
 * codes: 0 ok, 1 the node answered an error, 2 bad usage, 3 the node unreachable.
 */
class AdminCliTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @TempDir
    static Path dir;

    static TestNode node;
    static String address;

    @BeforeAll
    static void start() throws Exception {
        node = TestNode.start(dir, "--ringkv.ring.partitions=64", "--ringkv.repair.enabled=false");
        address = node.url("").substring("http://".length());
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        // ready, and gossip has carried its own health into its member state (until then it is DOWN)
        while ((node.get("/actuator/health/readiness").status() != 200
                        || !node.get("/v1/cluster/members")
                                .json()
                                .path("members")
                                .path(0)
                                .path("status")
                                .asString()
                                .equals("UP"))
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(node.put("/v1/buckets/users/keys/alice", "application/json", "{\"name\":\"Alice\"}")
                        .status())
                .isEqualTo(204);
        assertThat(node.put("/v1/buckets/users/keys/a%2Fb%20c", "text/plain", "slash")
                        .status())
                .isEqualTo(204);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    record Run(int exit, String out, String err) {
        JsonNode json() {
            return JSON.readTree(out);
        }
    }

    static Run admin(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = AdminCli.run(false, new PrintWriter(out), new PrintWriter(err), args);
        return new Run(exit, out.toString(), err.toString());
    }

    static Run atNode(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--node";
        all[args.length + 1] = address;
        return admin(all);
    }

    @Test
    void statusSummarizesAHealthyNode() {
        Run text = atNode("status");
        assertThat(text.exit()).as(text.toString()).isEqualTo(ExitCodes.OK);
        assertThat(text.out())
                .contains("test-node at " + address)
                .contains("health      UP")
                .contains("64 partitions, 1 members")
                .contains("1 UP")
                .contains("ok");

        Run json = atNode("status", "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.OK);
        JsonNode status = json.json();
        assertThat(status.path("self").asString()).isEqualTo("test-node");
        assertThat(status.path("health").asString()).isEqualTo("UP");
        assertThat(status.path("ring").path("partitions").asInt()).isEqualTo(64);
        assertThat(status.path("members").path("UP").asInt()).isEqualTo(1);
        assertThat(status.path("ok").asBoolean()).isTrue();
        assertThat(status.path("problems")).isEmpty();
    }

    @Test
    void membersAndRingInTextAndJson() {
        Run members = atNode("members");
        assertThat(members.exit()).isEqualTo(ExitCodes.OK);
        assertThat(members.out()).contains("ID", "STATUS", "test-node *", "UP");
        JsonNode membersJson = atNode("members", "--json").json();
        assertThat(membersJson.path("self").asString()).isEqualTo("test-node");
        assertThat(membersJson.path("members").get(0).path("status").asString()).isEqualTo("UP");

        Run ring = atNode("ring", "--partitions");
        assertThat(ring.exit()).isEqualTo(ExitCodes.OK);
        assertThat(ring.out())
                .contains("64 partitions, 1 members", "100.0%", "PARTITION")
                .containsPattern("(?m)^63 +test-node$");
        JsonNode ringJson = atNode("ring", "--json").json();
        assertThat(ringJson.path("owners")).hasSize(64);
    }

    @Test
    void describeKeyShowsThePartitionPreferenceListAndEachReplicasVersions() throws Exception {
        int partition = node.get("/v1/cluster/preference-list/users/alice")
                .json()
                .path("partition")
                .asInt();
        Run json = atNode("describe-key", "users", "alice", "--json");
        assertThat(json.exit()).as(json.toString()).isEqualTo(ExitCodes.OK);
        JsonNode key = json.json();
        assertThat(key.path("partition").asInt()).isEqualTo(partition);
        assertThat(key.path("preferenceList").get(0).asString()).isEqualTo("test-node");
        JsonNode replica = key.path("replicas").get(0);
        assertThat(replica.path("node").asString()).isEqualTo("test-node");
        assertThat(replica.path("found").asBoolean()).isTrue();
        assertThat(replica.path("siblings").asInt()).isEqualTo(1);
        assertThat(replica.path("versions").get(0).path("size").asInt()).isEqualTo(16);
        assertThat(replica.path("versions").get(0).path("dot").asString()).startsWith("test-node~");
        assertThat(replica.path("context").asString())
                .isEqualTo(node.get("/v1/buckets/users/keys/alice").header("X-Ringkv-Context"));

        Run text = atNode("describe-key", "users", "alice");
        assertThat(text.exit()).isEqualTo(ExitCodes.OK);
        assertThat(text.out())
                .contains("partition " + partition)
                .contains("preference list: test-node")
                .contains("test-node (UP): 1 version")
                .contains("application/json")
                .contains("16 B")
                .contains("the replicas agree");

        // a key with a slash and a space is encoded in the path, and comes back as it is
        JsonNode slash = atNode("describe-key", "users", "a/b c", "--json").json();
        assertThat(slash.path("key").asString()).isEqualTo("a/b c");
        assertThat(slash.path("replicas")
                        .get(0)
                        .path("versions")
                        .get(0)
                        .path("size")
                        .asInt())
                .isEqualTo(5);

        JsonNode absent = atNode("describe-key", "users", "nobody", "--json").json();
        assertThat(absent.path("replicas").get(0).path("found").asBoolean()).isFalse();
        assertThat(absent.path("replicas").get(0).path("error").isNull()).isTrue();
    }

    @Test
    void describeKeyOfAnInvalidBucketIsTheNodesProblem() throws Exception {
        assertThat(node.get("/v1/admin/keys/Bad%20Bucket/k").status()).isEqualTo(400);
        assertThat(node.get("/v1/admin/keys/Bad%20Bucket/k").header("Content-Type"))
                .startsWith("application/problem+json");
        Run run = atNode("describe-key", "Bad Bucket", "k");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(address).contains("400 invalid-bucket-name");
    }

    @Test
    void repairWaitsForItsOperationAndOperationsShowIt() {
        Run repair = atNode("repair", "--wait", "--interval", "50ms");
        assertThat(repair.exit()).as(repair.toString()).isEqualTo(ExitCodes.OK);
        assertThat(repair.out()).contains("started at " + address).contains("[##############################] 100%");
        assertThat(repair.out().strip()).endsWith("done");
        String id = repair.out().lines().findFirst().orElseThrow().split(" ")[1];

        Run one = atNode("operations", id, "--json");
        assertThat(one.exit()).isEqualTo(ExitCodes.OK);
        assertThat(one.json().path("state").asString()).isEqualTo("done");
        assertThat(one.json().path("scope").asString()).isEqualTo("node");

        Run list = atNode("operations");
        assertThat(list.out()).contains("ID", id, "admin", "done");

        Run watched = atNode("operations", id, "--watch", "--json");
        assertThat(watched.exit()).isEqualTo(ExitCodes.OK);
        assertThat(JSON.readTree(watched.out().lines().reduce((a, b) -> b).orElseThrow())
                        .path("id")
                        .asString())
                .isEqualTo(id);

        Run bucket = atNode("repair", "--bucket", "users", "--json");
        assertThat(bucket.exit()).isEqualTo(ExitCodes.OK);
        String bucketId = bucket.json().path("id").asString();
        assertThat(atNode("operations", bucketId, "--watch", "--interval", "50ms")
                        .exit())
                .isEqualTo(ExitCodes.OK);
        assertThat(atNode("operations", bucketId, "--json").json().path("scope").asString())
                .isEqualTo("bucket users");
    }

    @Test
    void anUnknownOperationExitsOneNamingTheNodeAndTheCause() {
        Run run = atNode("operations", "repair-0");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err())
                .contains(address)
                .contains("404 operation-not-found")
                .contains("repair-0");

        Run json = atNode("operations", "repair-0", "--json");
        assertThat(json.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(json.json().path("error").path("exitCode").asInt()).isEqualTo(1);
        assertThat(json.json().path("error").path("node").asString()).isEqualTo(address);
    }

    @Test
    void aRepairTheNodeRefusesExitsOne() {
        Run run = atNode("repair", "--partition", "64");
        assertThat(run.exit()).isEqualTo(ExitCodes.FAILED);
        assertThat(run.err()).contains(address).contains("400 invalid-parameter");
    }

    /**
     * The node's own refusals of cluster changes (docs/cluster.md): with nothing staged a plan cannot be
     * committed, and the only member cannot leave (fewer than n_val would remain). Runs where the node
     * serves the cluster-change routes.
     */
    @Test
    void clusterChangesTheNodeRefusesExitOneNamingTheNodeAndTheReason() throws Exception {
        TestNode.Reply plan = node.get("/v1/admin/cluster/plan");
        assumeTrue(
                plan.status() != 404 || !plan.body().contains("no-such-route"),
                "the node does not serve /v1/admin/cluster/* yet");

        Run commit = atNode("commit");
        assertThat(commit.exit()).as(commit.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(commit.err()).contains("ringkv-admin commit: " + address).contains("409");

        Run stale = atNode("commit", "--plan", "no-such-plan");
        assertThat(stale.exit()).as(stale.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(stale.err()).contains(address).contains("409");

        Run leave = atNode("leave");
        assertThat(leave.exit()).as(leave.toString()).isEqualTo(ExitCodes.FAILED);
        assertThat(leave.err()).contains("ringkv-admin leave: " + address).contains("409");
        assertThat(atNode("clear").exit()).isEqualTo(ExitCodes.OK);
    }

    @Test
    void anUnreachableNodeExitsThreeNamingIt() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Run run = admin("status", "--node", "127.0.0.1:" + port, "--timeout", "2s");
        assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(run.err()).contains("127.0.0.1:" + port + ": unreachable: connection refused");
        assertThat(run.out()).isEmpty();

        Run json = admin("members", "--json", "--node", "127.0.0.1:" + port);
        assertThat(json.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(json.json().path("error").path("exitCode").asInt()).isEqualTo(3);

        Run unknownHost = admin("ring", "--node", "no-such-host.invalid:8080");
        assertThat(unknownHost.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(unknownHost.err()).contains("no-such-host.invalid:8080: unreachable");
    }

    @Test
    void aNodeThatDoesNotAnswerInTimeExitsThree() throws Exception {
        try (ServerSocket silent = new ServerSocket(0)) {
            Run run = admin("status", "--node", "127.0.0.1:" + silent.getLocalPort(), "--timeout", "300ms");
            assertThat(run.exit()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(run.err()).contains("127.0.0.1:" + silent.getLocalPort()).contains("within 300ms");
        }
    }

    @Test
    void badUsageExitsTwo() {
        Run none = admin();
        assertThat(none.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(none.err()).contains("give a command", "describe-key");
        assertThat(admin("frobnicate").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin("describe-key", "users").exit()).isEqualTo(ExitCodes.USAGE);
        Run both = admin("repair", "--bucket", "b", "--partition", "1");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(admin("status", "--timeout", "soon").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(admin("status", "--node", "http://").exit()).isEqualTo(ExitCodes.USAGE);
        Run help = admin("--help");
        assertThat(help.exit()).isEqualTo(ExitCodes.OK);
        assertThat(help.out())
                .contains("status", "members", "ring", "describe-key", "repair", "operations")
                .contains("join", "leave", "replace", "force-remove", "plan", "commit", "clear");
    }
}
