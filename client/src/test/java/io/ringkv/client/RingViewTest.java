package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RingViewTest {
    private static RingView parse(String json) {
        return RingView.fromJson(Json.parse(json.getBytes(StandardCharsets.UTF_8), "n1:1", "test"), "n1:1");
    }

    @Test
    void parsesTheRingAnswer() {
        RingView ring = parse("{\"partitions\":4,\"version\":9,\"members\":["
                + "{\"id\":\"a\",\"weight\":1,\"rack\":\"default\",\"address\":\"h1:1\",\"partitions\":2},"
                + "{\"id\":\"b\",\"weight\":1,\"rack\":\"default\",\"address\":null,\"partitions\":2}],"
                + "\"owners\":[\"a\",\"b\",\"a\",\"b\"]}");
        assertEquals(9, ring.version());
        assertEquals(4, ring.partitions());
        assertEquals("h1:1", ring.addressOf("a"));
        assertNull(ring.addressOf("b"));
        assertEquals(List.of("b", "a"), ring.preferenceList(1, 3));
        assertEquals(List.of("a"), ring.preferenceList(2, 1));
        assertEquals(List.of("b", "a"), ring.clockwise(3));
    }

    @Test
    void consecutiveRepeatsAreSkippedAndRacksComeFirst() {
        List<RingView.Member> members = List.of(
                new RingView.Member("a", "r1", "a:1"),
                new RingView.Member("b", "r1", "b:1"),
                new RingView.Member("c", "r2", "c:1"));
        RingView ring = new RingView(1, members, List.of("a", "a", "b", "c"));
        // a (r1), then b is on r1 already: c (r2) is taken first, then b fills the list
        assertEquals(List.of("a", "c", "b"), ring.preferenceList(0, 3));
        assertEquals(List.of("a", "c"), ring.preferenceList(1, 2));
        assertEquals(List.of("b", "c"), ring.preferenceList(2, 2));
        assertThrows(IllegalArgumentException.class, () -> ring.preferenceList(0, 0));
        assertThrows(IllegalArgumentException.class, () -> ring.preferenceList(4, 1));
    }

    @Test
    void malformedRingsAreProtocolErrors() {
        String[] bad = {
            "[]",
            "{\"partitions\":3,\"version\":1,\"members\":[{\"id\":\"a\"}],\"owners\":[\"a\",\"a\",\"a\"]}",
            "{\"partitions\":2,\"version\":1,\"members\":[{\"id\":\"a\"}],\"owners\":[\"a\",\"z\"]}",
            "{\"partitions\":2,\"version\":1,\"members\":[{\"id\":\"a\"}],\"owners\":[\"a\"]}",
            "{\"partitions\":2,\"version\":-1,\"members\":[{\"id\":\"a\"}],\"owners\":[\"a\",\"a\"]}",
            "{\"partitions\":2,\"members\":[{\"id\":\"a\"}],\"owners\":[\"a\",\"a\"]}",
            "{\"partitions\":1,\"version\":1,\"members\":[{\"id\":\"a\"},{\"id\":\"a\"}],\"owners\":[\"a\"]}",
        };
        for (String json : bad) {
            RingkvProtocolException e = assertThrows(RingkvProtocolException.class, () -> parse(json), json);
            assertTrue(e.getMessage().contains("malformed ring"), e.getMessage());
            assertEquals("n1:1", e.node());
        }
        assertThrows(RingkvProtocolException.class, () -> parse("<html>"));
    }

    @Test
    void bucketAndKeyAreChecked() {
        assertThrows(IllegalArgumentException.class, () -> Partitions.hash("", "k"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.hash("b", ""));
        assertThrows(IllegalArgumentException.class, () -> Partitions.hash(null, "k"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.hash("b", "\ud800"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.hash("b".repeat(256), "k"));
        assertThrows(IllegalArgumentException.class, () -> Partitions.partitionOf("b", "k", 3));
        assertThrows(IllegalArgumentException.class, () -> Partitions.partitionOf("b", "k", 1 << 17));
    }
}
