package io.ringkv.transfer;

import io.ringkv.kv.VersionedObject;
import io.ringkv.port.Clock;
import io.ringkv.port.Metrics;
import io.ringkv.port.Scheduler;
import io.ringkv.replica.ReplicaStore;
import io.ringkv.ring.Partitioner;
import java.io.IOException;
import java.util.Map;
import java.util.function.Supplier;

/** {@link TransferNodes} for tests of other packages (the node's wiring). */
public final class TransferNodesAccess implements AutoCloseable {
    private final TransferNodes nodes;

    public TransferNodesAccess(int partitions, String... ids) throws IOException {
        this.nodes = new TransferNodes(partitions, ids);
    }

    public ReplicaStore store(String node) {
        return nodes.node(node).store;
    }

    public Partitioner partitioner() {
        return nodes.partitioner;
    }

    public StreamTransport transport() {
        return nodes.transport;
    }

    public Scheduler scheduler() {
        return nodes.scheduler;
    }

    public Clock clock() {
        return nodes.clock;
    }

    public Metrics metrics(String node) {
        return nodes.node(node).metrics;
    }

    /** The node's stored objects of {@code range}, by bucket/key. */
    public Map<String, VersionedObject> range(String node, int range) throws IOException {
        return nodes.node(node).range(range);
    }

    public void runUntil(Supplier<Boolean> done, long maxMillis) {
        nodes.runUntil(done, maxMillis);
    }

    @Override
    public void close() throws IOException {
        nodes.close();
    }
}
