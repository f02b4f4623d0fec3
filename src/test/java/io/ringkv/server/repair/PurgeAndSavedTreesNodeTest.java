package io.ringkv.server.repair;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.protocol.RepairScope;
import io.ringkv.repair.AntiEntropy;
import io.ringkv.repair.PartitionDigests;
import io.ringkv.repair.RepairOperation;
import io.ringkv.server.TestNode;
import io.ringkv.storage.StorageEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real node: a deleted key's tombstone goes after a repair and its grace; trees survive a clean restart. */
class PurgeAndSavedTreesNodeTest {
    private static final String[] SETTINGS = {
        "--ringkv.ring.partitions=4",
        "--ringkv.storage.tombstone-grace=1h",
        "--ringkv.handoff.window=1h",
        "--ringkv.repair.enabled=false"
    };

    @TempDir
    Path dataDir;

    @Test
    void aDeleteIsPurgedAfterARepairAndTheGraceAndTreesAreSavedAtAStop() throws Exception {
        long[] roots = new long[4];
        try (TestNode node = TestNode.start(dataDir, SETTINGS)) {
            assertThat(node.put("/v1/buckets/b/keys/gone", "text/plain", "v").status())
                    .isEqualTo(204);
            assertThat(node.put("/v1/buckets/b/keys/kept", "text/plain", "v").status())
                    .isEqualTo(204);
            assertThat(node.delete("/v1/buckets/b/keys/gone").status()).isEqualTo(204);
            StorageEngine engine = node.context().getBean(StorageEngine.class);
            node.advanceClock(2 * 3_600_000L);
            engine.flush();
            engine.compactAll();
            assertThat(purged(node)).as("no repair yet").isZero();

            AntiEntropy antiEntropy = node.context().getBean(AntiEntropy.class);
            RepairOperation op = antiEntropy.repairNode(); // one node: every partition has no other replica
            assertThat(op.finished()).isTrue();
            assertThat(Files.exists(dataDir.resolve("repair/repaired-through"))).isTrue();
            node.advanceClock(120_000); // past the clock skew allowance
            engine.compactAll();
            assertThat(purged(node)).isEqualTo(1);
            assertThat(node.get("/v1/buckets/b/keys/gone").status()).isEqualTo(404);
            assertThat(node.get("/v1/buckets/b/keys/kept").status()).isEqualTo(200);

            PartitionDigests digests = node.context().getBean(PartitionDigests.class);
            for (int p = 0; p < 4; p++) {
                roots[p] = digests.tree(RepairScope.of(p, 1)).root();
            }
        }
        assertThat(Files.exists(dataDir.resolve("repair/merkle-trees")))
                .as("saved at the stop")
                .isTrue();

        try (TestNode node = TestNode.start(dataDir, SETTINGS)) {
            assertThat(Files.exists(dataDir.resolve("repair/merkle-trees")))
                    .as("used once")
                    .isFalse();
            MeterRegistry registry = node.context().getBean(MeterRegistry.class);
            double scans = registry.get("ringkv.storage.scans").counter().count();
            PartitionDigests digests = node.context().getBean(PartitionDigests.class);
            for (int p = 0; p < 4; p++) {
                assertThat(digests.tree(RepairScope.of(p, 1)).root()).isEqualTo(roots[p]);
            }
            assertThat(registry.get("ringkv.storage.scans").counter().count())
                    .as("the trees came from the file")
                    .isEqualTo(scans);
            assertThat(node.get("/v1/buckets/b/keys/gone").status()).isEqualTo(404);
        }
    }

    private static double purged(TestNode node) {
        return node.context()
                .getBean(MeterRegistry.class)
                .get("ringkv.repair.tombstones.purged")
                .counter()
                .count();
    }
}
