package io.ringkv.server.config;

import io.ringkv.replica.NodeIncarnation;
import io.ringkv.storage.StorageEngine;
import java.io.IOException;

/**
 * The node's incarnation and its clean stop: on shutdown, once the beans that write through the
 * replica store are gone, closes the storage engine and, only if that succeeded and the engine never
 * failed, records the stop as clean so that the next start keeps the incarnation. (Spring's own close
 * of the engine then finds it closed.)
 */
public final class CleanStop implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(CleanStop.class.getName());

    private final StorageEngine engine;
    private final NodeIncarnation incarnation;

    CleanStop(StorageEngine engine, NodeIncarnation incarnation) {
        this.engine = engine;
        this.incarnation = incarnation;
    }

    public NodeIncarnation incarnation() {
        return incarnation;
    }

    StorageEngine engine() {
        return engine;
    }

    @Override
    public void close() throws IOException {
        engine.close();
        if (engine.failure() != null) {
            LOG.log(System.Logger.Level.WARNING, "storage failed: the next start begins a new incarnation");
            return;
        }
        incarnation.stoppedCleanly();
    }
}
