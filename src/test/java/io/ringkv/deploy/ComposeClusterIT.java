package io.ringkv.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The nodes of docker-compose.yml, started from the built jar laid out as the image has it, with
 * exactly the environment each container gets (the Dockerfile's ENV, then the service's
 * environment), their service names mapped to loopback addresses: they form one cluster, and a
 * node stops on SIGTERM within the service's stop grace period.
 */
class ComposeClusterIT {
    @TempDir
    Path dir;

    private final List<ContainerNode> nodes = new ArrayList<>();

    @AfterEach
    void stopAll() throws InterruptedException {
        for (ContainerNode node : nodes) {
            node.close();
        }
    }

    @Test
    void theComposeNodesFormOneCluster() throws Exception {
        ComposeFile compose = ComposeFile.read();
        DockerfileModel dockerfile = DockerfileModel.read();
        Map<String, String> imageEnv = dockerfile.environment();
        int containerPort = Integer.parseInt(imageEnv.get("SERVER_PORT"));
        String containerDataDir = imageEnv.get("RINGKV_DATA_DIR");
        List<String> services = compose.ringkvServices();
        assertThat(services).hasSize(3);
        Loopback loopback =
                new Loopback(services.stream().map(compose::hostname).toList(), containerPort);

        Map<String, String> addressById = new LinkedHashMap<>();
        Map<String, String> rackById = new LinkedHashMap<>();
        for (String service : services) {
            Map<String, String> env = new LinkedHashMap<>(imageEnv);
            env.putAll(ComposeFile.environment(compose.service(service)));
            Map<String, String> moved =
                    loopback.relocate(compose.hostname(service), env, containerDataDir, dir.resolve(service + "-data"));
            // the container's memory limit, which MaxRAMPercentage would follow
            moved.put("JAVA_TOOL_OPTIONS", moved.get("JAVA_TOOL_OPTIONS") + " -Xmx256m -XX:TieredStopAtLevel=1");
            String id = moved.get("RINGKV_NODE_ID");
            addressById.put(id, moved.get("RINGKV_CLUSTER_ADVERTISED_ADDRESS"));
            rackById.put(id, moved.getOrDefault("RINGKV_CLUSTER_RACK", "default"));
            ContainerNode node = new ContainerNode(
                    service, loopback.address(compose.hostname(service)), loopback.port(), moved, List.of(), dir);
            nodes.add(node);
        }
        for (ContainerNode node : nodes) {
            node.start();
        }

        ClusterChecks.assertFormCluster(nodes, addressById, rackById);
        // the data volume is where the node keeps its ring and commit log
        ContainerNode first = nodes.get(0);
        assertThat(dir.resolve(services.get(0) + "-data").resolve("cluster/ring"))
                .exists();
        // disk metrics measure the data volume (the disk-almost-full alert)
        assertThat(first.get("/actuator/prometheus").body())
                .contains("disk_free_bytes{path=\"" + dir.resolve(services.get(0) + "-data") + "\"}");

        Duration grace = ComposeFile.duration(
                String.valueOf(compose.service(services.get(0)).get("stop_grace_period")));
        long start = System.nanoTime();
        int exit = first.terminate(grace);
        assertThat(exit)
                .as("exit code on SIGTERM within " + grace + "\n" + first.logTail())
                .isIn(0, 143);
        assertThat(first.log()).contains("Graceful shutdown complete");
        System.out.printf(
                "compose node stopped on SIGTERM in %d ms (grace %s)%n",
                (System.nanoTime() - start) / 1_000_000, grace);
    }
}
