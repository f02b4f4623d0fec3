package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Edge cases no real node produces on demand: a node answering garbage, a seed that is not
 * listening, a node whose connection is refused mid-use. Everything else is tested against real
 * nodes (RingkvClientIT).
 */
class FakeNodeTest {
    private static String membersJson(String... idAddress) {
        StringBuilder sb = new StringBuilder("{\"self\":\"x\",\"members\":[");
        for (int i = 0; i < idAddress.length; i += 2) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(idAddress[i])
                    .append("\",\"address\":\"")
                    .append(idAddress[i + 1])
                    .append("\",\"status\":\"UP\",\"health\":\"UP\",\"ringVersion\":4}");
        }
        return sb.append("],\"seedsNotReached\":[]}").toString();
    }

    private static String ringJson(String[] owners, String... idAddress) {
        StringBuilder sb = new StringBuilder("{\"partitions\":" + owners.length + ",\"version\":4,\"members\":[");
        for (int i = 0; i < idAddress.length; i += 2) {
            sb.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(idAddress[i])
                    .append("\",\"weight\":1,\"rack\":\"default\",\"address\":\"")
                    .append(idAddress[i + 1])
                    .append("\",\"partitions\":1}");
        }
        sb.append("],\"owners\":[");
        for (int i = 0; i < owners.length; i++) {
            sb.append(i == 0 ? "" : ",").append('"').append(owners[i]).append('"');
        }
        return sb.append("]}").toString();
    }

    private static String deadAddress() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return "127.0.0.1:" + s.getLocalPort();
        }
    }

    private static RingkvClient client(String... seeds) {
        return RingkvClient.builder()
                .seeds(seeds)
                .refreshInterval(Duration.ZERO)
                .connectTimeout(Duration.ofSeconds(2))
                .readTimeout(Duration.ofSeconds(5))
                .build();
    }

    @Test
    void garbageFromOneSeedIsSkippedAndGarbageAnswersAreTyped() throws IOException {
        try (FakeNode garbage = new FakeNode();
                FakeNode good = new FakeNode()) {
            garbage.answer("/", 200, "application/json", "{{{ not json");
            good.answer("/v1/cluster/members", 200, "application/json", membersJson("b", good.address()))
                    .answer(
                            "/v1/cluster/ring",
                            200,
                            "application/json",
                            ringJson(new String[] {"b"}, "b", good.address()))
                    .answer("/v1/buckets/t/props", 200, "application/json", "{\"n\":1}")
                    .answer("/v1/buckets/t/keys/siblings", 300, "application/json", "<html>oops</html>")
                    .answer("/v1/buckets/t/keys/html503", 503, "text/html", "<html>maintenance</html>")
                    .answer("/v1/buckets/t/keys/teapot", 200, "text/plain", "")
                    .answer("/v1/buckets/t/keys/created", 201, "text/plain", "");
            try (RingkvClient client = client(garbage.address(), good.address())) {
                assertNotNull(client.ring(), "the ring was learnt from the second seed");
                assertEquals(4, client.ring().version());
                assertEquals(1, client.replicas("t"));
                assertEquals(
                        List.of(good.address(), garbage.address()),
                        client.route("t", "k").candidates());

                RingkvProtocolException p =
                        assertThrows(RingkvProtocolException.class, () -> client.get("t", "siblings"));
                assertTrue(p.getMessage().contains("not JSON") && p.getMessage().contains("oops"), p.getMessage());
                assertEquals(good.address(), p.node());

                RingkvProblemException u = assertThrows(RingkvProblemException.class, () -> client.get("t", "html503"));
                assertInstanceOf(RingkvProblemException.Unavailable.class, u);
                assertEquals(ProblemType.UNKNOWN, u.type());
                assertTrue(u.detail().contains("maintenance"), u.detail());

                assertEquals("", client.get("t", "teapot").value().valueAsString());
                assertThrows(RingkvProtocolException.class, () -> client.get("t", "created"));
                assertEquals(
                        1, good.count("GET /v1/buckets/t/keys/created"), "a protocol error is not retried elsewhere");
            }
        }
    }

    @Test
    void anApiKeyGoesWithEveryRequestAndRefusalsAreTyped() throws IOException {
        String problem = "application/problem+json";
        try (FakeNode node = new FakeNode()) {
            node.answer("/v1/cluster/members", 200, "application/json", membersJson("b", node.address()))
                    .answer(
                            "/v1/cluster/ring",
                            200,
                            "application/json",
                            ringJson(new String[] {"b"}, "b", node.address()))
                    .answer("/v1/buckets/t/props", 200, "application/json", "{\"n\":1}")
                    .answer("/v1/buckets/t/keys/ok", 200, "text/plain", "v")
                    .answer(
                            "/v1/buckets/t/keys/unknown-key",
                            401,
                            problem,
                            "{\"type\":\"urn:ringkv:problem:unauthenticated\",\"title\":\"Unauthenticated\","
                                    + "\"status\":401,\"detail\":\"an API key is needed\"}")
                    .answer(
                            "/v1/buckets/t/keys/reader",
                            403,
                            problem,
                            "{\"type\":\"urn:ringkv:problem:forbidden\",\"title\":\"Forbidden\","
                                    + "\"status\":403,\"detail\":\"the key's roles do not allow a write\"}");
            try (RingkvClient client = RingkvClient.builder()
                    .seeds(node.address())
                    .refreshInterval(Duration.ZERO)
                    .apiKey("k-0123456789")
                    .build()) {
                assertEquals("v", client.get("t", "ok").value().valueAsString());

                RingkvProblemException.Unauthenticated u = assertThrows(
                        RingkvProblemException.Unauthenticated.class, () -> client.get("t", "unknown-key"));
                assertEquals(401, u.status());
                assertEquals(ProblemType.UNAUTHENTICATED, u.type());
                assertFalse(u.getMessage().contains("k-0123456789"), u.getMessage());
                RingkvProblemException.Forbidden f = assertThrows(
                        RingkvProblemException.Forbidden.class, () -> client.put("t", "reader", new byte[] {1}));
                assertEquals(ProblemType.FORBIDDEN, f.type());
                assertEquals(1, node.count("PUT /v1/buckets/t/keys/reader"), "a refusal is not retried elsewhere");
            }
            assertTrue(node.count("GET /v1/cluster/ring") >= 1);
            assertTrue(node.count("GET /v1/buckets/t/props") >= 1);
            assertEquals(
                    List.of(),
                    node.authorizations.stream()
                            .filter(a -> !a.equals("Bearer k-0123456789"))
                            .toList(),
                    "every request (ring, members, props, keys) carries the key: " + node.requests);
        }
        try (FakeNode node = new FakeNode();
                RingkvClient client = client(node.address())) {
            node.answer("/v1/buckets/t/keys/k", 401, "text/plain", "");
            assertThrows(RingkvProblemException.Unauthenticated.class, () -> client.get("t", "k"));
            assertTrue(node.authorizations.stream().allMatch(a -> a.equals("-")), "no key, no header");
        }
    }

    @Test
    void anApiKeyIsPrintableAsciiWithoutSpaces() {
        for (String bad : new String[] {"", "a b", "a\nb", "\u00e9t\u00e9"}) {
            assertThrows(
                    IllegalArgumentException.class, () -> RingkvClient.builder().apiKey(bad), bad);
        }
        assertThrows(
                IllegalArgumentException.class, () -> RingkvClient.builder().apiKey(null));
    }

    @Test
    void aRefusedConnectionGoesToTheNextNodeAndIsTriedLastAfterwards() throws IOException {
        String dead = deadAddress();
        try (FakeNode good = new FakeNode()) {
            good.answer("/v1/cluster/members", 200, "application/json", membersJson("a", dead, "b", good.address()))
                    .answer(
                            "/v1/cluster/ring",
                            200,
                            "application/json",
                            ringJson(new String[] {"a", "b"}, "a", dead, "b", good.address()))
                    .answer("/v1/buckets/t/props", 200, "application/json", "{\"n\":2}")
                    .answer("/v1/buckets/t/keys/", 200, "text/plain", "v");
            try (RingkvClient client = client(good.address())) {
                String key = keyOwnedBy(client, "a");
                assertEquals(List.of("a", "b"), client.route("t", key).preferenceList());
                Versions v = client.get("t", key);
                assertEquals("v", v.value().valueAsString());
                assertEquals(good.address(), v.node());
                // a PUT is retried after a refused connection too: it never reached the node
                assertEquals(
                        good.address(), client.put("t", key, new byte[] {1}).node());
                assertEquals(
                        List.of(good.address(), dead), client.route("t", key).candidates());
            }
        }
    }

    @Test
    void noNodeReachableIsAConnectionException() throws IOException {
        String dead1 = deadAddress();
        String dead2 = deadAddress();
        try (RingkvClient client = client(dead1, dead2)) {
            assertEquals(null, client.ring());
            RingkvConnectionException e = assertThrows(RingkvConnectionException.class, () -> client.get("t", "k"));
            assertFalse(e.mayHaveBeenApplied());
            assertTrue(e.getMessage().contains(dead1) && e.getMessage().contains(dead2), e.getMessage());
            RingkvConnectionException w =
                    assertThrows(RingkvConnectionException.class, () -> client.put("t", "k", new byte[0]));
            assertFalse(w.mayHaveBeenApplied(), "a refused connection never took the write");
        }
    }

    @Test
    void aNodeThatDoesNotKnowTheRingYetIsSkipped() throws IOException {
        String notReady = "{\"type\":\"urn:ringkv:problem:cluster-not-ready\",\"title\":\"Cluster not ready\","
                + "\"status\":503,\"detail\":\"waiting for seeds\"}";
        try (FakeNode starting = new FakeNode();
                FakeNode ready = new FakeNode()) {
            starting.answer("/", 503, "application/problem+json", notReady);
            ready.answer("/v1/buckets/t/keys/", 200, "text/plain", "v");
            try (RingkvClient client = client(starting.address(), ready.address())) {
                for (int i = 0; i < 4; i++) {
                    assertEquals(ready.address(), client.get("t", "k" + i).node());
                }
            }
            try (RingkvClient client = client(starting.address())) {
                RingkvProblemException e = assertThrows(RingkvProblemException.class, () -> client.get("t", "k"));
                assertEquals(ProblemType.CLUSTER_NOT_READY, e.type());
                assertEquals("waiting for seeds", e.detail());
            }
        }
    }

    @Test
    void spreadRoutingTakesTheServingReplicasInTurn() throws IOException {
        try (FakeNode a = new FakeNode();
                FakeNode b = new FakeNode();
                FakeNode c = new FakeNode()) {
            String members = membersJson("a", a.address(), "b", b.address(), "c", c.address());
            String ring =
                    ringJson(new String[] {"a", "b", "c", "a"}, "a", a.address(), "b", b.address(), "c", c.address());
            for (FakeNode f : List.of(a, b, c)) {
                f.answer("/v1/cluster/members", 200, "application/json", members)
                        .answer("/v1/cluster/ring", 200, "application/json", ring)
                        .answer("/v1/buckets/t/props", 200, "application/json", "{\"n\":2}")
                        .answer("/v1/buckets/t/keys/", 200, "text/plain", "v");
            }
            for (RingkvClient.Routing routing : RingkvClient.Routing.values()) {
                try (RingkvClient client = RingkvClient.builder()
                        .seeds(a.address())
                        .refreshInterval(Duration.ZERO)
                        .routing(routing)
                        .build()) {
                    String key = keyOwnedBy(client, "b");
                    assertEquals(List.of("b", "c"), client.route("t", key).preferenceList());
                    java.util.Map<String, Integer> count = new java.util.HashMap<>();
                    for (int i = 0; i < 30; i++) {
                        count.merge(client.get("t", key).node(), 1, Integer::sum);
                    }
                    switch (routing) {
                        case PREFERENCE_FIRST -> assertEquals(java.util.Map.of(b.address(), 30), count);
                        case PREFERENCE_SPREAD ->
                            assertEquals(java.util.Map.of(b.address(), 15, c.address(), 15), count);
                        case ROUND_ROBIN ->
                            assertEquals(java.util.Map.of(a.address(), 10, b.address(), 10, c.address(), 10), count);
                    }
                }
            }
        }
    }

    private static String keyOwnedBy(RingkvClient client, String owner) {
        for (int i = 0; ; i++) {
            String key = "key" + i;
            if (client.route("t", key).preferenceList().get(0).equals(owner)) {
                return key;
            }
        }
    }
}
