package io.ringkv.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProblemsTest {
    private static RingkvProblemException problem(int status, String slug) {
        String json = "{\"type\":\"urn:ringkv:problem:" + slug + "\",\"title\":\"T\",\"status\":" + status
                + ",\"detail\":\"D " + slug + "\",\"instance\":\"/v1/x\"}";
        return Problems.from("h:1", status, "application/problem+json", json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void everyDocumentedTypeMapsToItsException() {
        Object[][] cases = {
            {400, "invalid-bucket-name", ProblemType.INVALID_BUCKET_NAME, RingkvProblemException.InvalidRequest.class},
            {400, "invalid-key", ProblemType.INVALID_KEY, RingkvProblemException.InvalidRequest.class},
            {400, "invalid-context", ProblemType.INVALID_CONTEXT, RingkvProblemException.InvalidRequest.class},
            {400, "invalid-parameter", ProblemType.INVALID_PARAMETER, RingkvProblemException.InvalidRequest.class},
            {404, "no-such-route", ProblemType.NO_SUCH_ROUTE, RingkvProblemException.InvalidRequest.class},
            {
                415,
                "unsupported-media-type",
                ProblemType.UNSUPPORTED_MEDIA_TYPE,
                RingkvProblemException.InvalidRequest.class
            },
            {409, "too-many-siblings", ProblemType.TOO_MANY_SIBLINGS, RingkvProblemException.TooManySiblings.class},
            {412, "key-exists", ProblemType.KEY_EXISTS, RingkvProblemException.KeyExists.class},
            {413, "value-too-large", ProblemType.VALUE_TOO_LARGE, RingkvProblemException.TooLarge.class},
            {413, "object-too-large", ProblemType.OBJECT_TOO_LARGE, RingkvProblemException.TooLarge.class},
            {503, "replicas-unavailable", ProblemType.REPLICAS_UNAVAILABLE, RingkvProblemException.Unavailable.class},
            {503, "cluster-not-ready", ProblemType.CLUSTER_NOT_READY, RingkvProblemException.Unavailable.class},
            {503, "storage-unavailable", ProblemType.STORAGE_UNAVAILABLE, RingkvProblemException.Unavailable.class},
            {500, "internal-error", ProblemType.INTERNAL_ERROR, RingkvProblemException.ServerError.class},
            {401, "unauthenticated", ProblemType.UNAUTHENTICATED, RingkvProblemException.Unauthenticated.class},
            {403, "forbidden", ProblemType.FORBIDDEN, RingkvProblemException.Forbidden.class},
        };
        for (Object[] c : cases) {
            RingkvProblemException e = problem((Integer) c[0], (String) c[1]);
            assertInstanceOf((Class<?>) c[3], e, (String) c[1]);
            assertEquals(c[2], e.type());
            assertEquals((Integer) c[0], e.status());
            assertEquals("urn:ringkv:problem:" + c[1], e.typeUri());
            assertEquals("T", e.title());
            assertEquals("D " + c[1], e.detail());
            assertEquals("/v1/x", e.instance());
            assertEquals("h:1", e.node());
            assertTrue(e.getMessage().contains("D " + c[1]) && e.getMessage().contains("h:1"), e.getMessage());
        }
    }

    @Test
    void everyTypeTheServerDocumentsIsKnown() {
        for (ProblemType t : ProblemType.values()) {
            if (t != ProblemType.UNKNOWN) {
                assertEquals(t, ProblemType.of(ProblemType.PREFIX + t.slug()));
            }
        }
        assertEquals(ProblemType.UNKNOWN, ProblemType.of("urn:ringkv:problem:something-new"));
        assertEquals(ProblemType.UNKNOWN, ProblemType.of(null));
    }

    @Test
    void anUnknownTypeOrANonProblemBodyIsTypedByItsStatus() {
        RingkvProblemException unknown = problem(503, "something-new");
        assertInstanceOf(RingkvProblemException.Unavailable.class, unknown);
        assertEquals(ProblemType.UNKNOWN, unknown.type());
        assertEquals("urn:ringkv:problem:something-new", unknown.typeUri());

        RingkvProblemException html = Problems.from(
                "h:1", 502, "text/html", "<html><body>Bad gateway</body></html>".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(RingkvProblemException.ServerError.class, html);
        assertEquals(502, html.status());
        assertNull(html.typeUri());
        assertEquals("HTTP 502", html.title());
        assertTrue(html.detail().contains("Bad gateway") && html.detail().contains("text/html"), html.detail());

        RingkvProblemException broken =
                Problems.from("h:1", 400, "application/problem+json", "{not json".getBytes(StandardCharsets.UTF_8));
        assertInstanceOf(RingkvProblemException.InvalidRequest.class, broken);
        assertEquals(ProblemType.UNKNOWN, broken.type());

        String longBody = "x".repeat(10_000);
        RingkvProblemException big = Problems.from("h:1", 500, "text/plain", longBody.getBytes(StandardCharsets.UTF_8));
        assertTrue(big.detail().length() < 300, "detail quotes at most 200 characters");
    }
}
