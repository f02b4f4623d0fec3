package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import io.ringkv.server.TestNode.Reply;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A node whose seeds have not all answered is alive but not ready, and refuses client requests. */
class ClusterNotReadyTest {
    @TempDir
    Path dataDir;

    @Test
    void aNodeWaitingForASeedRefusesClientRequestsAndIsNotReady() throws Exception {
        int silentPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            silentPort = socket.getLocalPort();
        }
        try (TestNode node = TestNode.start(dataDir, "--ringkv.seeds=127.0.0.1:" + silentPort)) {
            Reply get = node.get("/v1/buckets/b/keys/k");
            assertThat(get.status()).isEqualTo(503);
            assertThat(get.json().path("type").asString()).isEqualTo("urn:ringkv:problem:cluster-not-ready");
            assertThat(get.json().path("detail").asString()).contains("127.0.0.1:" + silentPort);

            assertThat(node.get("/actuator/health/readiness").status()).isEqualTo(503);
            assertThat(node.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(node.get("/internal/v1/node").status()).isEqualTo(200);
            Reply members = node.get("/v1/cluster/members");
            assertThat(members.status()).isEqualTo(200);
            assertThat(members.json().path("seedsNotReached").toString()).contains("127.0.0.1:" + silentPort);
        }
    }

    @Test
    void aSeedWhoseNameDoesNotResolveIsReportedAndRetriedNeverFatal() throws Exception {
        try (TestNode node = TestNode.start(
                dataDir.resolve("unresolved"),
                "--ringkv.seeds=no-such-host.invalid:8080",
                "--ringkv.cluster.gossip-interval=100ms")) {
            Reply members = node.get("/v1/cluster/members");
            assertThat(members.status()).isEqualTo(200);
            assertThat(members.json().path("seedsNotReached").toString()).contains("no-such-host.invalid:8080");
            Thread.sleep(500); // a few gossip rounds and seed retries
            assertThat(node.get("/actuator/health/liveness").status()).isEqualTo(200);
            assertThat(node.get("/v1/cluster/members")
                            .json()
                            .path("seedsNotReached")
                            .toString())
                    .contains("no-such-host.invalid:8080");
            assertThat(node.get("/v1/buckets/b/keys/k").status()).isEqualTo(503);
        }
    }
}
