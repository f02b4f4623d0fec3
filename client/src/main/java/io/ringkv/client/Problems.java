package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;

/** Maps an error answer to its typed exception. */
final class Problems {
    /** How much of an unexpected body a message quotes. */
    static final int SNIPPET_CHARS = 200;

    private Problems() {}

    /**
     * The exception for an error answer: its problem document's type, title, detail and instance,
     * typed by the problem type (or by the status when the body is not a problem document).
     */
    static RingkvProblemException from(String node, int status, String contentType, byte[] body) {
        String typeUri = null;
        String title = null;
        String detail = null;
        String instance = null;
        boolean problemJson = contentType != null
                && contentType.toLowerCase(java.util.Locale.ROOT).startsWith("application/problem+json");
        JsonNode doc = null;
        if (problemJson) {
            try {
                doc = Json.MAPPER.readTree(body);
            } catch (java.io.IOException e) {
                doc = null;
            }
        }
        if (doc != null && doc.isObject()) {
            typeUri = text(doc, "type");
            title = text(doc, "title");
            detail = text(doc, "detail");
            instance = text(doc, "instance");
        } else {
            title = "HTTP " + status;
            detail = "the answer is not a problem document"
                    + (contentType == null ? "" : " (" + contentType + ")")
                    + (body.length == 0 ? "" : ": " + snippet(body));
        }
        ProblemType type = ProblemType.of(typeUri);
        return create(node, status, typeUri, type, title, detail, instance);
    }

    private static RingkvProblemException create(
            String node, int status, String uri, ProblemType type, String title, String detail, String inst) {
        switch (type) {
            case KEY_EXISTS:
                return new RingkvProblemException.KeyExists(node, status, uri, type, title, detail, inst);
            case TOO_MANY_SIBLINGS:
                return new RingkvProblemException.TooManySiblings(node, status, uri, type, title, detail, inst);
            case VALUE_TOO_LARGE:
            case OBJECT_TOO_LARGE:
            case BODY_TOO_LARGE:
                return new RingkvProblemException.TooLarge(node, status, uri, type, title, detail, inst);
            case STORAGE_UNAVAILABLE:
            case CLUSTER_NOT_READY:
            case REPLICAS_UNAVAILABLE:
                return new RingkvProblemException.Unavailable(node, status, uri, type, title, detail, inst);
            case INTERNAL_ERROR:
                return new RingkvProblemException.ServerError(node, status, uri, type, title, detail, inst);
            case UNAUTHENTICATED:
                return new RingkvProblemException.Unauthenticated(node, status, uri, type, title, detail, inst);
            case FORBIDDEN:
                return new RingkvProblemException.Forbidden(node, status, uri, type, title, detail, inst);
            case UNKNOWN:
                break;
            default:
                return new RingkvProblemException.InvalidRequest(node, status, uri, type, title, detail, inst);
        }
        // a type this client does not know: typed by the status class
        if (status == 503) {
            return new RingkvProblemException.Unavailable(node, status, uri, type, title, detail, inst);
        }
        if (status == 409) {
            return new RingkvProblemException.TooManySiblings(node, status, uri, type, title, detail, inst);
        }
        if (status == 412) {
            return new RingkvProblemException.KeyExists(node, status, uri, type, title, detail, inst);
        }
        if (status == 401) {
            return new RingkvProblemException.Unauthenticated(node, status, uri, type, title, detail, inst);
        }
        if (status == 403) {
            return new RingkvProblemException.Forbidden(node, status, uri, type, title, detail, inst);
        }
        if (status == 413) {
            return new RingkvProblemException.TooLarge(node, status, uri, type, title, detail, inst);
        }
        if (status >= 500) {
            return new RingkvProblemException.ServerError(node, status, uri, type, title, detail, inst);
        }
        if (status >= 400) {
            return new RingkvProblemException.InvalidRequest(node, status, uri, type, title, detail, inst);
        }
        return new RingkvProblemException(node, status, uri, type, title, detail, inst);
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        return v != null && v.isValueNode() ? v.asText() : null;
    }

    /** The start of a body, as text, for a message. */
    static String snippet(byte[] body) {
        String s = new String(body, 0, Math.min(body.length, SNIPPET_CHARS * 4), StandardCharsets.UTF_8);
        s = s.replaceAll("\\p{Cntrl}", " ");
        return s.length() > SNIPPET_CHARS ? s.substring(0, SNIPPET_CHARS) + "..." : s;
    }
}
