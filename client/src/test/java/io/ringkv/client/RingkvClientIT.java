package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The client against three real ringkv node processes started from the server jar
 * ({@code -Dringkv.jar}; skipped, saying so, without it). The last test kills a node.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RingkvClientIT {
    private static final byte[] BINARY = {(byte) 0xff, 0, 1, (byte) 0x80};

    @TempDir
    static Path dir;

    private static NodeCluster cluster;
    private static RingkvClient client;

    @BeforeAll
    static void start() throws Exception {
        if (NodeCluster.jar() == null) {
            System.err.println("RingkvClientIT skipped: -Dringkv.jar does not name the server jar (was '"
                    + System.getProperty("ringkv.jar", "") + "'); build it with ./mvnw -DskipTests package");
        }
        Assumptions.assumeTrue(
                NodeCluster.jar() != null,
                "-Dringkv.jar does not name the server jar (was '" + System.getProperty("ringkv.jar", "") + "')");
        cluster = new NodeCluster(dir, 3);
        cluster.awaitUp(Duration.ofSeconds(90));
        // one replica per key, so exactly one node holds each key of this bucket
        assertEquals(200, cluster.put(0, "/v1/buckets/solo/props", "{\"n\":1}").statusCode());
        client = RingkvClient.builder()
                .seeds(cluster.address(0))
                .refreshInterval(Duration.ofSeconds(1))
                .build();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void theClientPlacesKeysAsTheNodesDo() throws Exception {
        JsonNode ring = cluster.json(1, "/v1/cluster/ring");
        assertNotNull(client.ring());
        assertEquals(ring.path("version").asLong(), client.ring().version());
        assertEquals(ring.path("partitions").asInt(), client.ring().partitions());
        assertEquals(3, client.replicas("sib"));
        assertEquals(1, client.replicas("solo"));
        for (String bucket : List.of("sib", "solo")) {
            for (int i = 0; i < 25; i++) {
                String key = i % 5 == 0 ? "ключ/" + i : "user" + i;
                Route route = client.route(bucket, key);
                JsonNode server = cluster.json(
                        i % 3,
                        "/v1/cluster/preference-list/" + bucket + "/"
                                + java.net.URLEncoder.encode(key, StandardCharsets.UTF_8)
                                        .replace("+", "%20"));
                assertEquals(server.path("partition").asInt(), route.partition(), key);
                List<String> nodes = new ArrayList<>();
                server.path("nodes").forEach(n -> nodes.add(n.asText()));
                assertEquals(nodes, route.preferenceList(), key);
            }
        }
    }

    @Test
    @Order(2)
    void eachRequestGoesToTheNodeThatHoldsTheKey() throws Exception {
        int keys = 30;
        double[] putsBefore = new double[3];
        double[] getsBefore = new double[3];
        double[] replicaBefore = new double[3];
        for (int i = 0; i < 3; i++) {
            putsBefore[i] = cluster.metric(i, "ringkv_client_requests_seconds_count", "operation=\"put\"");
            getsBefore[i] = cluster.metric(i, "ringkv_client_requests_seconds_count", "operation=\"get\"");
            replicaBefore[i] = cluster.metric(i, "ringkv_replica_requests_seconds_count");
        }
        int[] expected = new int[3];
        Set<String> owners = new HashSet<>();
        for (int k = 0; k < keys; k++) {
            String key = "routed" + k;
            String owner = client.route("solo", key).preferenceList().get(0);
            owners.add(owner);
            int holder =
                    cluster.indexOfAddress(client.ring().members().get(owner).address());
            expected[holder]++;
            WriteResult w = client.put("solo", key, ("v" + k).getBytes(StandardCharsets.UTF_8));
            assertEquals(cluster.address(holder), w.node(), "the write went to the key's only replica");
            Versions v = client.get("solo", key);
            assertEquals(cluster.address(holder), v.node());
            assertEquals("v" + k, v.value().valueAsString());
        }
        assertEquals(3, owners.size(), "the keys spread over the three nodes");
        for (int i = 0; i < 3; i++) {
            double puts =
                    cluster.metric(i, "ringkv_client_requests_seconds_count", "operation=\"put\"") - putsBefore[i];
            double gets =
                    cluster.metric(i, "ringkv_client_requests_seconds_count", "operation=\"get\"") - getsBefore[i];
            double replica = cluster.metric(i, "ringkv_replica_requests_seconds_count") - replicaBefore[i];
            assertEquals(expected[i], puts, 0.0, "client writes taken by " + cluster.id(i));
            assertEquals(expected[i], gets, 0.0, "client reads taken by " + cluster.id(i));
            assertEquals(0, replica, 0.0, "no node forwarded a replica request to " + cluster.id(i));
        }
    }

    @Test
    @Order(3)
    void siblingsAndContextsRoundTrip() {
        String key = "fruit";
        client.put(
                "sib",
                key,
                "apples".getBytes(StandardCharsets.UTF_8),
                WriteOptions.defaults().contentType("text/plain"));
        client.put("sib", key, BINARY, WriteOptions.defaults().w(Quorum.ALL));

        Versions both = client.get("sib", key, ReadOptions.defaults().r(Quorum.ALL));
        assertEquals(Versions.Kind.SIBLINGS, both.kind());
        assertEquals(2, both.siblings().size());
        Set<String> values = new HashSet<>();
        for (Sibling s : both.siblings()) {
            values.add(s.contentType() + "=" + java.util.HexFormat.of().formatHex(s.value()));
            assertNotNull(s.lastModified());
        }
        assertEquals(
                Set.of(
                        "text/plain=" + java.util.HexFormat.of().formatHex("apples".getBytes(StandardCharsets.UTF_8)),
                        "application/octet-stream=ff000180"),
                values);
        assertNotNull(both.context());

        WriteResult merged = client.put(
                "sib",
                key,
                "{\"fruit\":\"both\"}".getBytes(StandardCharsets.UTF_8),
                WriteOptions.defaults()
                        .context(both.context())
                        .contentType("application/json")
                        .returnBody(true)
                        .w(Quorum.ALL));
        assertEquals(Versions.Kind.VALUE, merged.stored().kind());
        assertNotNull(merged.context());

        Versions one = client.get("sib", key, ReadOptions.defaults().r(Quorum.ALL));
        assertEquals(Versions.Kind.VALUE, one.kind());
        assertEquals("{\"fruit\":\"both\"}", one.value().valueAsString());
        assertEquals("application/json", one.value().contentType());
        assertNotNull(one.value().lastModified());
        assertNotNull(one.etag());
        assertEquals(
                Versions.Kind.NOT_MODIFIED,
                client.get("sib", key, ReadOptions.defaults().ifNoneMatch(one.etag()))
                        .kind());

        // a write with the context of a read that is now stale keeps the newer version as a sibling
        client.put(
                "sib",
                key,
                "late".getBytes(StandardCharsets.UTF_8),
                WriteOptions.defaults()
                        .context(both.context())
                        .contentType("text/plain")
                        .w(Quorum.ALL));
        Versions again = client.get("sib", key, ReadOptions.defaults().r(Quorum.ALL));
        assertEquals(2, again.siblings().size());

        WriteResult deleted = client.delete(
                "sib", key, DeleteOptions.defaults().context(again.context()).w(Quorum.ALL));
        assertNotNull(deleted.context());
        Versions gone = client.get("sib", key, ReadOptions.defaults().r(Quorum.ALL));
        assertEquals(Versions.Kind.NOT_FOUND, gone.kind());
        assertFalse(gone.exists());

        // conditional create: once, then key-exists for another value (the node takes an equal value
        // again as a replay of the same create); binary values round-trip
        client.put("sib", "once", BINARY, WriteOptions.defaults().ifAbsent(true));
        RingkvProblemException.KeyExists exists = assertThrows(
                RingkvProblemException.KeyExists.class,
                () -> client.put(
                        "sib", "once", new byte[] {7}, WriteOptions.defaults().ifAbsent(true)));
        assertEquals(412, exists.status());
        assertEquals(ProblemType.KEY_EXISTS, exists.type());
        assertArrayEquals(BINARY, client.get("sib", "once").value().value());
    }

    @Test
    @Order(4)
    void aValueWithATimeToLiveExpires() throws Exception {
        client.put("sib", "brief", new byte[] {1}, WriteOptions.defaults().ttl(Duration.ofSeconds(1)));
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (client.get("sib", "brief").exists()) {
            assertTrue(System.nanoTime() < deadline, "the value did not expire");
            Thread.sleep(250);
        }
    }

    @Test
    @Order(5)
    void errorsAreTyped() {
        RingkvProblemException key =
                assertThrows(RingkvProblemException.InvalidRequest.class, () -> client.get("sib", "k".repeat(2000)));
        assertEquals(ProblemType.INVALID_KEY, key.type());
        assertEquals(400, key.status());
        assertTrue(key.detail().contains("2000 bytes"), key.detail());

        assertEquals(
                ProblemType.INVALID_BUCKET_NAME,
                assertThrows(RingkvProblemException.class, () -> client.get("bad name!", "k"))
                        .type());
        assertEquals(
                ProblemType.INVALID_CONTEXT,
                assertThrows(
                                RingkvProblemException.class,
                                () -> client.put(
                                        "sib",
                                        "k",
                                        new byte[0],
                                        WriteOptions.defaults().context("not-a-context")))
                        .type());
        RingkvProblemException r = assertThrows(
                RingkvProblemException.class,
                () -> client.get("sib", "k", ReadOptions.defaults().r(Quorum.of(5))));
        assertEquals(ProblemType.INVALID_PARAMETER, r.type());
        assertTrue(r.detail().contains("r"), r.detail());
        assertEquals(
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                assertThrows(
                                RingkvProblemException.class,
                                () -> client.put(
                                        "sib",
                                        "k",
                                        new byte[0],
                                        WriteOptions.defaults().contentType("*/*")))
                        .type());
        RingkvProblemException big = assertThrows(
                RingkvProblemException.TooLarge.class, () -> client.put("sib", "big", new byte[(1 << 20) + 1]));
        assertEquals(ProblemType.VALUE_TOO_LARGE, big.type());
        assertEquals(413, big.status());
    }

    @Test
    @Order(6)
    void aKilledNodeIsRoutedAround() throws Exception {
        String victimId = cluster.id(0);
        String victim = cluster.address(0);
        String key = keyOwnedBy("sib", victimId);
        String second = client.ring()
                .members()
                .get(client.route("sib", key).preferenceList().get(1))
                .address();
        client.put(
                "sib",
                key,
                "before".getBytes(StandardCharsets.UTF_8),
                WriteOptions.defaults().w(Quorum.ALL));
        cluster.kill(0);

        WriteResult w = client.put(
                "sib",
                key,
                "after".getBytes(StandardCharsets.UTF_8),
                WriteOptions.defaults()
                        .context(client.get("sib", key).context())
                        .w(Quorum.of(2)));
        assertEquals(second, w.node(), "the write went to the key's next replica");
        Versions v = client.get("sib", key, ReadOptions.defaults().r(Quorum.of(2)));
        assertEquals("after", v.value().valueAsString());
        assertNotEquals(victim, v.node());
        List<String> candidates = client.route("sib", key).candidates();
        assertEquals(victim, candidates.get(candidates.size() - 1), "the killed node is tried last: " + candidates);

        RingkvProblemException.Unavailable u = assertThrows(
                RingkvProblemException.Unavailable.class,
                () -> client.put(
                        "sib", key, new byte[] {2}, WriteOptions.defaults().pw(Quorum.ALL)));
        assertEquals(ProblemType.REPLICAS_UNAVAILABLE, u.type());
        assertTrue(u.detail().contains(victimId), u.detail());

        // gossip soon reports the node down, and the client learns it from its periodic refresh
        long deadline = System.nanoTime() + Duration.ofSeconds(40).toNanos();
        while (client.members().get(victimId) == null
                || client.members().get(victimId).serving()) {
            assertTrue(System.nanoTime() < deadline, "the members never reported " + victimId + " down");
            Thread.sleep(250);
        }
        for (int i = 0; i < 20; i++) {
            Versions read = client.get("sib", "k" + i);
            assertNotEquals(victim, read.node());
        }
        assertInstanceOf(RingView.class, client.ring());
    }

    private static String keyOwnedBy(String bucket, String owner) {
        for (int i = 0; ; i++) {
            if (client.route(bucket, "k" + i).preferenceList().get(0).equals(owner)) {
                return "k" + i;
            }
        }
    }
}
