package io.ringkv.client;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * What a read found: one value, concurrent versions (siblings, answered {@code 300}), nothing
 * ({@code 404}), or nothing new ({@code 304} to a conditional read). Its {@link #context()} is the
 * causal context to send back with the next write or delete of the key: a write with it replaces
 * exactly the versions read, so writing a merged value with the context of a read that found
 * siblings resolves them.
 */
public final class Versions {
    /** What kind of answer this is. */
    public enum Kind {
        /** One live value ({@code 200}). */
        VALUE,
        /** Concurrent versions ({@code 300}); resolve them by writing with {@link #context()}. */
        SIBLINGS,
        /** Absent, deleted or expired ({@code 404}); a context may still come with it. */
        NOT_FOUND,
        /** Unchanged since the entity tag given with the read ({@code 304}). */
        NOT_MODIFIED
    }

    private final Kind kind;
    private final String context;
    private final String etag;
    private final List<Sibling> siblings;
    private final String node;

    Versions(Kind kind, String context, String etag, List<Sibling> siblings, String node) {
        this.kind = kind;
        this.context = context;
        this.etag = etag;
        this.siblings = List.copyOf(siblings);
        this.node = node;
    }

    public Kind kind() {
        return kind;
    }

    /** The causal context ({@code X-Ringkv-Context}); null when the node gave none. */
    public String context() {
        return context;
    }

    /** The entity tag, for a conditional read; null when none was answered. */
    public String etag() {
        return etag;
    }

    /** Whether the key has at least one live value. */
    public boolean exists() {
        return kind == Kind.VALUE || kind == Kind.SIBLINGS;
    }

    /** Whether the read found concurrent versions to resolve. */
    public boolean hasSiblings() {
        return kind == Kind.SIBLINGS;
    }

    /** Every version read: one for a value, all of them (deletions included) for siblings. */
    public List<Sibling> siblings() {
        return siblings;
    }

    /**
     * The one value read; IllegalStateException when the key has siblings (resolve them by writing
     * with {@link #context()}) or no value.
     */
    public Sibling value() {
        if (kind != Kind.VALUE) {
            throw new IllegalStateException(
                    kind == Kind.SIBLINGS
                            ? "the key has " + siblings.size() + " siblings: resolve them by writing with context()"
                            : "the read found no value (" + kind + ")");
        }
        return siblings.get(0);
    }

    /** The node (host:port) that answered. */
    public String node() {
        return node;
    }

    /** The body of a {@code 300} answer; RingkvProtocolException when it is not that document. */
    static Versions fromSiblingsJson(byte[] body, String etag, String node) {
        JsonNode doc = Json.parse(body, node, "a read answering 300");
        try {
            if (!doc.isObject()) {
                throw new IllegalArgumentException("not a JSON object");
            }
            String context = Json.requiredText(doc, "context");
            List<Sibling> siblings = new ArrayList<>();
            for (JsonNode s : Json.requiredArray(doc, "siblings")) {
                siblings.add(sibling(s));
            }
            if (siblings.isEmpty()) {
                throw new IllegalArgumentException("no siblings");
            }
            return new Versions(Kind.SIBLINGS, context, etag, siblings, node);
        } catch (IllegalArgumentException e) {
            throw new RingkvProtocolException(node, "a 300 answer is not a siblings document: " + e.getMessage());
        }
    }

    private static Sibling sibling(JsonNode s) {
        if (!s.isObject()) {
            throw new IllegalArgumentException("a sibling is not an object");
        }
        JsonNode deletedNode = s.get("deleted");
        if (deletedNode == null || !deletedNode.isBoolean()) {
            throw new IllegalArgumentException("'deleted' is missing or not a boolean");
        }
        Instant lastModified = instant(s.get("lastModified"));
        if (deletedNode.booleanValue()) {
            return new Sibling(null, null, lastModified, true);
        }
        String contentType = Json.requiredText(s, "contentType");
        String value = Json.requiredText(s, "value");
        String encoding = Json.requiredText(s, "valueEncoding");
        byte[] bytes;
        switch (encoding) {
            case "utf-8":
                bytes = value.getBytes(StandardCharsets.UTF_8);
                break;
            case "base64":
                try {
                    bytes = Base64.getDecoder().decode(value);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("a base64 value is not base64: " + e.getMessage());
                }
                break;
            default:
                throw new IllegalArgumentException("unknown valueEncoding '" + encoding + "'");
        }
        return new Sibling(contentType, bytes, lastModified, false);
    }

    private static Instant instant(JsonNode v) {
        if (v == null || v.isNull()) {
            return null;
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("'lastModified' is not a string");
        }
        try {
            return Instant.parse(v.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("'lastModified' is not an RFC 3339 instant: " + v.asText());
        }
    }

    @Override
    public String toString() {
        return "Versions{" + kind + ", " + siblings + ", context=" + context + ", node " + node + "}";
    }
}
