package io.ringkv.server.cluster;

import io.ringkv.server.RingkvApplication;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stops a node that has left the cluster, as Riak's leave and Cassandra's decommission do: a few
 * gossip rounds after it announced LEFT (so the members hear it), the node closes, and its process
 * exits with status 0 when it runs as one. Its data directory remembers that it left, so a restart
 * on it stays out of the cluster (see {@link ClusterMembership#hasLeft}).
 */
final class LeftNodeStop {
    private static final Logger LOG = LoggerFactory.getLogger(LeftNodeStop.class);

    private final ConfigurableApplicationContext context;
    private final Duration delay;
    private boolean requested;

    LeftNodeStop(ConfigurableApplicationContext context, Duration delay) {
        this.context = context;
        this.delay = delay;
    }

    /** Stops the node after the delay, on a thread of its own; once. */
    synchronized void stopSoon() {
        if (requested) {
            return;
        }
        requested = true;
        LOG.info("node leaves the cluster: it stops in {} ms", delay.toMillis());
        Thread stopper = new Thread(
                () -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    int status = SpringApplication.exit(context);
                    LOG.info("node stopped after leaving the cluster");
                    if (RingkvApplication.ownProcess()) {
                        System.exit(status);
                    }
                },
                "ringkv-left-stop");
        stopper.setDaemon(false);
        stopper.start();
    }
}
