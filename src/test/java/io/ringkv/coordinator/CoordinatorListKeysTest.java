package io.ringkv.coordinator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.Quorum;
import io.ringkv.port.ReplicaTransport;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A cluster-wide key listing over four replicas with n = 2, where each node holds only part of the
 * keys: every live key is listed exactly once across the pages, with a replica down or silent, and a
 * partition none of whose replicas answers fails the page instead of leaving its keys out.
 */
class CoordinatorListKeysTest {
    private static final int PARTITIONS = 16;
    private static final int KEYS = 200;
    private static final long TIMEOUT_MILLIS = 500;
    private static final BucketProps N2 = new BucketProps(
            2,
            Quorum.QUORUM,
            Quorum.QUORUM,
            Quorum.of(0),
            Quorum.of(0),
            Quorum.QUORUM,
            ConflictResolution.SIBLINGS,
            true,
            0);

    private final Replicas replicas = new Replicas("a", "b", "c", "d");
    private final Ring ring = Claim.claim(
            null, List.of(NodeInfo.of("a"), NodeInfo.of("b"), NodeInfo.of("c"), NodeInfo.of("d")), PARTITIONS, 2);
    private final RingPlacement placement =
            new RingPlacement(ring, new Partitioner(PARTITIONS), node -> replicas.isUp(node));
    private final Coordinator coordinator = new Coordinator(
            "a", placement, replicas, replicas.scheduler, replicas.metrics, TIMEOUT_MILLIS, ReadFanout.everyReplica());
    private final List<String> written = new ArrayList<>();

    CoordinatorListKeysTest() throws Exception {
        for (int i = 0; i < KEYS; i++) {
            String key = "k" + i;
            for (String node : placement.preferenceList("b", bytes(key), 2)) {
                replicas.store(node).put("b", bytes(key), Replicas.blind("v" + i));
            }
            written.add(key);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private KeyPage page(KeyCursor after, int limit) throws Exception {
        CompletableFuture<KeyPage> page = coordinator.listKeys("b", N2, after, limit);
        for (int i = 0; i < 1000 && !page.isDone(); i++) {
            replicas.scheduler.advance(TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MILLIS));
        }
        assertThat(page).as("the page is made once its timers have run").isDone();
        return page.get();
    }

    /** Every key of every page, following cursors through their tokens. */
    private List<String> listAll(int limit) throws Exception {
        List<String> keys = new ArrayList<>();
        KeyCursor cursor = null;
        int pages = 0;
        do {
            KeyPage page = page(cursor, limit);
            assertThat(page.keys()).hasSizeLessThanOrEqualTo(limit);
            page.keys().forEach(k -> keys.add(new String(k, StandardCharsets.UTF_8)));
            cursor = page.next() == null ? null : KeyCursor.parse(page.next().toToken());
            assertThat(++pages).as("the listing ends").isLessThan(1000);
        } while (cursor != null);
        return keys;
    }

    @Test
    void noNodeHoldsEveryKeySoOneNodesStorageIsNotTheListing() throws Exception {
        int local = replicas.store("a").listKeys("b", null, 1000).keys().size();

        assertThat(local).isPositive().isLessThan(KEYS);
    }

    @Test
    void everyKeyIsListedExactlyOnceAcrossPages() throws Exception {
        for (int limit : new int[] {1, 7, 50, 1000}) {
            assertThat(listAll(limit)).as("limit %d", limit).containsExactlyInAnyOrderElementsOf(written);
        }
    }

    @Test
    void eachPartitionIsAskedOfOneReplicaOnly() throws Exception {
        replicas.sent.clear();

        KeyPage page = page(null, 1000);

        assertThat(page.next()).isNull();
        assertThat(replicas.sent).filteredOn(s -> s.endsWith("ListKeys")).hasSize(PARTITIONS);
        assertThat(replicas.sent)
                .as("this node answers for the partitions it replicates")
                .filteredOn(s -> s.startsWith("a "))
                .hasSize(ring.partitionsOf("a").size()
                        + (int) java.util.stream.IntStream.range(0, PARTITIONS)
                                .filter(p -> !ring.owner(p).equals("a")
                                        && placement.partitionReplicas(p, 2).contains("a"))
                                .count());
    }

    @Test
    void aReplicaThatIsDownIsPassedOverForTheOtherOfItsPartition() throws Exception {
        replicas.down.add("c");

        assertThat(listAll(9)).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aReplicaThatRefusesWhileBelievedUpIsPassedOver() throws Exception {
        replicas.refusing.add("b");

        assertThat(listAll(9)).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aSilentReplicaIsPassedOverAtTheRequestTimeout() throws Exception {
        replicas.silent.add("d");

        assertThat(listAll(40)).containsExactlyInAnyOrderElementsOf(written);
    }

    @Test
    void aPartitionNoReplicaOfWhichAnswersFailsThePageNamingIt() {
        int partition = -1;
        for (int p = 0; p < PARTITIONS && partition < 0; p++) {
            if (placement.partitionReplicas(p, 2).equals(List.of("c", "d"))
                    || placement.partitionReplicas(p, 2).equals(List.of("d", "c"))) {
                partition = p;
            }
        }
        assertThat(partition).as("some partition lives on c and d").isNotNegative();
        replicas.down.add("c");
        replicas.down.add("d");
        int unavailable = partition;

        assertThatThrownBy(() -> page(new KeyCursor(unavailable, new byte[0]), 1000))
                .isInstanceOf(ExecutionException.class)
                .cause()
                .isInstanceOf(PartitionUnavailableException.class)
                .hasMessageContaining("partition " + unavailable)
                .hasMessageContaining("c: ")
                .hasMessageContaining("d: ");
    }

    @Test
    void aCursorBeyondTheRingIsRefused() {
        assertThatThrownBy(() -> coordinator.listKeys("b", N2, new KeyCursor(PARTITIONS, bytes("k")), 10))
                .isInstanceOf(EncodingException.class)
                .hasMessageContaining("partition " + PARTITIONS);
    }

    /**
     * Answers that come back at once (this node's own replica) must not nest one call per partition:
     * a page over a ring of 65,536 empty partitions completes.
     */
    @Test
    void aPageOverManyEmptyPartitionsDoesNotRecursePerPartition() throws Exception {
        Placement wide = new Placement() {
            @Override
            public List<String> preferenceList(String bucket, byte[] key, int n) {
                return List.of("a");
            }

            @Override
            public int clusterSize() {
                return 1;
            }

            @Override
            public int partitions() {
                return 65_536;
            }

            @Override
            public List<String> partitionReplicas(int partition, int n) {
                return List.of("a");
            }
        };
        ReplicaTransport empty =
                (node, request) -> CompletableFuture.completedFuture(new ReplicaResponse.Keys(List.of(), null));
        Coordinator single = new Coordinator(
                "a", wide, empty, replicas.scheduler, replicas.metrics, 1000, ReadFanout.everyReplica());

        KeyPage page = single.listKeys("b", N2, null, 10).get(30, TimeUnit.SECONDS);

        assertThat(page.keys()).isEmpty();
        assertThat(page.next()).isNull();
    }
}
