package io.ringkv.server.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.ringkv.server.TestNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A node that left the cluster stays out when started again on its data directory (as a
 * decommissioned Cassandra node does): it takes no client requests and says why.
 */
class LeftNodeRestartTest {
    @TempDir
    Path dataDir;

    @Test
    void aNodeStartedOnTheDataDirectoryOfANodeThatLeftRefusesClientRequests() throws Exception {
        try (TestNode fresh = TestNode.start(dataDir.resolve("fresh"))) {
            assertThat(fresh.get("/v1/buckets/b/keys/k").status()).isEqualTo(404);
        }

        Path left = dataDir.resolve("left");
        Files.createDirectories(left.resolve("cluster"));
        Files.writeString(left.resolve("cluster").resolve("left"), "left at ring version 7\n");
        try (TestNode node = TestNode.start(left)) {
            TestNode.Reply refused = node.get("/v1/buckets/b/keys/k");

            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().path("detail").asString()).contains("this node has left the cluster");
            assertThat(node.context().getBean(ClusterMembership.class).hasLeft())
                    .isTrue();
        }
    }
}
