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
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.ReplicaLimits;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import io.ringkv.sim.RecordingMetrics;
import io.ringkv.sim.SimClock;
import io.ringkv.sim.SimFileIO;
import io.ringkv.sim.SimScheduler;
import io.ringkv.storage.StorageOptions;
import io.ringkv.storage.commitlog.SyncPolicy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class NodeAssemblyTest {
    private final SimFileIO disk = new SimFileIO();
    private final SimClock clock = new SimClock();
    private final SimScheduler scheduler = new SimScheduler(clock);
    private final AtomicReference<NodeAssembly> node = new AtomicReference<>();

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

    /** One node alone: its coordinator's requests go to its own replica service. */
    private NodeAssembly.Builder alone(int callsPerPeer) {
        return NodeAssembly.builder("n1", settings(callsPerPeer))
                .actor("n1-incarnation")
                .clock(clock)
                .scheduler(scheduler)
                .fileIO(disk)
                .metrics(new RecordingMetrics())
                .partitioner(new Partitioner(16))
                .replicaTransport((target, request) ->
                        CompletableFuture.completedFuture(node.get().service().handle(request)))
                .placement(new Placement() {
                    @Override
                    public List<String> preferenceList(String bucket, byte[] key, int n) {
                        return List.of("n1");
                    }

                    @Override
                    public int clusterSize() {
                        return 1;
                    }
                })
                .readFanout(ReadFanout.everyReplica());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aWriteThroughTheCoordinatorIsStoredUnderTheActorAndReadAfterTheNodeIsAssembledAgain() throws Exception {
        for (int callsPerPeer : new int[] {0, 2}) {
            node.set(alone(callsPerPeer).build());
            WriteRequest write = new WriteRequest(
                    VersionVector.EMPTY,
                    Content.value("text/plain", bytes("v" + callsPerPeer), Content.NO_EXPIRY),
                    false,
                    ConflictResolution.SIBLINGS);
            node.get()
                    .coordinator()
                    .put("b", bytes("k"), write, BucketProps.DEFAULTS, RequestQuorum.BUCKET_DEFAULTS)
                    .get();
            node.get().engine().close();
            node.get().hintLog().close();

            node.set(alone(callsPerPeer).build());
            ReadResult read = node.get()
                    .coordinator()
                    .get("b", bytes("k"), BucketProps.DEFAULTS, RequestQuorum.BUCKET_DEFAULTS)
                    .get();

            // Blind writes to one key: the second round reads the first round's value beside its own.
            assertThat(read.object().siblings()).hasSize(callsPerPeer == 0 ? 1 : 2);
            assertThat(read.object().siblings())
                    .allSatisfy(s -> assertThat(s.dot().node()).isEqualTo("n1-incarnation"));
            assertThat(node.get().service().store()).isSameAs(node.get().store());
            assertThat(node.get().store().catalog()).isSameAs(node.get().catalog());
            node.get().engine().close();
            node.get().hintLog().close();
        }
    }

    @Test
    void aMissingPortIsNamed() {
        assertThatThrownBy(() -> alone(0).placement(null).build())
                .isInstanceOf(NullPointerException.class)
                .hasMessage("placement");
    }

    @Test
    void settingsRefuseNegativeCallsPerPeer() {
        assertThatThrownBy(() -> settings(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
