package io.ringkv.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.ringkv.coordinator.Placement;
import io.ringkv.coordinator.ReadFanout;
import io.ringkv.coordinator.ReadResult;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.handoff.HintWindow;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ConflictResolution;
import io.ringkv.kv.Content;
import io.ringkv.kv.VersionVector;
import io.ringkv.membership.RangeStats;
import io.ringkv.membership.RingKeeper;
import io.ringkv.protocol.ReplicaRequest;
import io.ringkv.protocol.ReplicaResponse;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.NodeIncarnation;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Claim;
import io.ringkv.ring.NodeInfo;
import io.ringkv.ring.Partitioner;
import io.ringkv.ring.Ring;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import io.ringkv.transfer.RangeChunk;
import io.ringkv.transfer.RangeChunkRequest;
import io.ringkv.transfer.RangeSize;
import io.ringkv.transfer.StreamTransport;
import io.ringkv.transfer.TransferDuties;
import io.ringkv.transfer.TransferScheduler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The one assembly of a node's parts: what the server, the simulation and these tests build. */
class NodeAssemblyTest {
    private static final Partitioner PARTITIONER = new Partitioner(16);
    private static final StreamTransport NO_STREAMS = new StreamTransport() {
        @Override
        public CompletableFuture<RangeChunk> fetch(String node, RangeChunkRequest request) {
            return CompletableFuture.failedFuture(new IOException("no streams here"));
        }

        @Override
        public CompletableFuture<List<RangeSize>> sizes(String node) {
            return CompletableFuture.failedFuture(new IOException("no streams here"));
        }
    };

    private final SimFileIO disk = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final SplittableRandom random = new SplittableRandom(3);
    /** Every request the node sent to another node, as "target:request type". */
    private final List<String> sentToPeers = new CopyOnWriteArrayList<>();

    private static NodeSettings settings(int callsPerPeer) {
        return new NodeSettings(
                StorageOptions.builder(Path.of("/data"))
                        .syncPolicy(SyncPolicy.ALWAYS)
                        .build(),
                Path.of("/repair"),
                Path.of("/hints"),
                BucketProps.DEFAULTS,
                ReplicaLimits.DEFAULTS,
                ReplicaStore.DEFAULT_OBJECT_CACHE_BYTES,
                60_000,
                1_000,
                60_000,
                HintWindow.DEFAULT_MAX_BACKLOG_BYTES,
                0,
                1_000,
                callsPerPeer,
                4,
                10_000_000_000L,
                1 << 20,
                0);
    }

    private NodeIncarnation incarnation() throws IOException {
        return NodeIncarnation.start(disk, Path.of("/node"), "n1", random);
    }

    /** Node n1 with the replicas {@code replicas} for every key; the others answer every request. */
    private NodeAssembly.Builder node(int callsPerPeer, List<String> replicas) {
        return NodeAssembly.builder("n1", settings(callsPerPeer))
                .clock(clock)
                .scheduler(scheduler)
                .fileIO(disk)
                .metrics(new RecordingMetrics())
                .partitioner(PARTITIONER)
                .peers((target, request) -> {
                    sentToPeers.add(target + ":" + request.getClass().getSimpleName());
                    return CompletableFuture.completedFuture(
                            new ReplicaResponse.Versions(io.ringkv.kv.VersionedObject.ABSENT));
                })
                .placement(new Placement() {
                    @Override
                    public List<String> preferenceList(String bucket, byte[] key, int n) {
                        return replicas;
                    }

                    @Override
                    public int clusterSize() {
                        return replicas.size();
                    }
                })
                .readFanout(ReadFanout.everyReplica());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static WriteRequest write(String value) {
        return new WriteRequest(
                VersionVector.EMPTY,
                Content.value("text/plain", bytes(value), Content.NO_EXPIRY),
                false,
                ConflictResolution.SIBLINGS);
    }

    @Test
    void aWriteIsStoredUnderTheIncarnationAndReadAfterACleanRestartThatKeepsIt() throws Exception {
        for (int callsPerPeer : new int[] {0, 2}) {
            NodeIncarnation first = incarnation();
            NodeAssembly node =
                    node(callsPerPeer, List.of("n1")).incarnation(first).build();
            node.coordinator()
                    .put(
                            "b",
                            bytes("k"),
                            write("v" + callsPerPeer),
                            BucketProps.DEFAULTS,
                            RequestQuorum.BUCKET_DEFAULTS)
                    .get();
            node.close();

            NodeIncarnation second = incarnation();
            assertThat(second.renewed()).isFalse();
            assertThat(second.actor()).isEqualTo(first.actor());
            node = node(callsPerPeer, List.of("n1")).incarnation(second).build();
            ReadResult read = node.coordinator()
                    .get("b", bytes("k"), BucketProps.DEFAULTS, RequestQuorum.BUCKET_DEFAULTS)
                    .get();

            // Blind writes to one key: the second round reads the first round's value beside its own.
            assertThat(read.object().siblings()).hasSize(callsPerPeer == 0 ? 1 : 2);
            assertThat(read.object().siblings())
                    .allSatisfy(s -> assertThat(s.dot().node()).isEqualTo(first.actor()));
            assertThat(node.service().store()).isSameAs(node.store());
            assertThat(node.store().catalog()).isSameAs(node.catalog());
            node.close();
        }
        assertThat(sentToPeers).as("a node's own replica is served in process").isEmpty();
    }

    @Test
    void aStopAfterAFailedSyncStartsANewIncarnation() throws IOException {
        NodeIncarnation first = incarnation();
        NodeAssembly node = node(0, List.of("n1")).incarnation(first).build();
        disk.failForce(path -> true);
        assertThatThrownBy(() -> node.engine().put(new byte[] {1}, new byte[] {2}))
                .isInstanceOf(IOException.class);
        disk.failForce(path -> false);
        node.close(); // the files close without an error; the engine's failure is what counts

        NodeIncarnation second = incarnation();

        assertThat(second.renewed()).isTrue();
        assertThat(second.actor()).isNotEqualTo(first.actor());
    }

    @Test
    void requestsForOtherReplicasGoToThePeersAndTheNodesOwnStayInProcess() throws Exception {
        NodeAssembly node = node(0, List.of("n1", "n2", "n3")).build();
        node.coordinator()
                .put("b", bytes("k"), write("v"), BucketProps.DEFAULTS, RequestQuorum.BUCKET_DEFAULTS)
                .get();

        assertThat(sentToPeers).containsExactlyInAnyOrder("n2:Merge", "n3:Merge");
        assertThat(node.store().get("b", bytes("k")).siblings()).hasSize(1);
        node.close();
    }

    @Test
    void withMembershipOnlyAReplicaThatServesTheKeysRangeCoordinatesItsWrites() throws Exception {
        RingKeeper keeper = new RingKeeper(PARTITIONER, null);
        NodeAssembly node = node(0, List.of("n1"))
                .membership(new NodeAssembly.Membership(
                        keeper,
                        "test",
                        3,
                        ring -> {},
                        RangeStats.UNKNOWN,
                        () -> new TransferDuties.Announced(0, 0),
                        NO_STREAMS,
                        (startVersion, transfer) -> {},
                        scheduler,
                        new TransferScheduler.Settings(1 << 20, 1, 1024, 1, 1, 1, 1),
                        60_000,
                        1_000_000L))
                .build();
        byte[] served = null;
        byte[] notServed = null;
        // Without a ring, nothing is refused.
        assertThat(node.service().handle(new ReplicaRequest.Coordinate("b", bytes("k"), write("v"))))
                .isInstanceOf(ReplicaResponse.Versions.class);

        List<NodeInfo> members = List.of(NodeInfo.of("n1"), NodeInfo.of("n2"), NodeInfo.of("n3"), NodeInfo.of("n4"));
        Ring ring = Claim.claim(null, members, PARTITIONER.partitions(), 3);
        keeper.install(ring, false);
        for (int i = 0; served == null || notServed == null; i++) {
            byte[] key = bytes("k" + i);
            boolean serves =
                    ring.readReplicas(PARTITIONER.partitionOf("b", key), 3).contains("n1");
            if (serves && served == null) {
                served = key;
            } else if (!serves && notServed == null) {
                notServed = key;
            }
        }

        assertThat(node.service().handle(new ReplicaRequest.Coordinate("b", served, write("v"))))
                .isInstanceOf(ReplicaResponse.Versions.class);
        ReplicaResponse refused = node.service().handle(new ReplicaRequest.Coordinate("b", notServed, write("v")));
        assertThat(refused).isInstanceOf(ReplicaResponse.Failed.class);
        assertThat(((ReplicaResponse.Failed) refused).message()).contains("is not served here in ring version");
        assertThat(node.store().get("b", notServed).siblings()).isEmpty();
        assertThat(node.claimant()).isNotNull();
        assertThat(node.rangeSource().sizes()).isNotNull();
        node.close();
    }

    @Test
    void aMissingPortIsNamed() {
        assertThatThrownBy(() -> node(0, List.of("n1")).placement(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("placement");
    }

    @Test
    void membershipWorkNeedsMembershipPorts() throws IOException {
        NodeAssembly node = node(0, List.of("n1")).build();
        assertThatThrownBy(node::startMembership)
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("without membership ports");
        node.close();
    }

    @Test
    void settingsRefuseNegativeCallsPerPeer() {
        assertThatThrownBy(() -> settings(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
