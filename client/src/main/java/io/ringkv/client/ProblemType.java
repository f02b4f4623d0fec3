package io.ringkv.client;

import java.util.HashMap;
import java.util.Map;

/** The problem types the API documents (docs/api.md), by their stable type URI. */
public enum ProblemType {
    INVALID_BUCKET_NAME("invalid-bucket-name"),
    INVALID_KEY("invalid-key"),
    INVALID_CONTEXT("invalid-context"),
    INVALID_PARAMETER("invalid-parameter"),
    INVALID_CURSOR("invalid-cursor"),
    INVALID_BUCKET_PROPS("invalid-bucket-props"),
    MALFORMED_REQUEST("malformed-request"),
    KEY_NOT_FOUND("key-not-found"),
    NO_SUCH_ROUTE("no-such-route"),
    METHOD_NOT_ALLOWED("method-not-allowed"),
    NOT_ACCEPTABLE("not-acceptable"),
    TOO_MANY_SIBLINGS("too-many-siblings"),
    KEY_EXISTS("key-exists"),
    VALUE_TOO_LARGE("value-too-large"),
    BODY_TOO_LARGE("body-too-large"),
    OBJECT_TOO_LARGE("object-too-large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type"),
    HEADERS_TOO_LARGE("headers-too-large"),
    STORAGE_UNAVAILABLE("storage-unavailable"),
    CLUSTER_NOT_READY("cluster-not-ready"),
    REPLICAS_UNAVAILABLE("replicas-unavailable"),
    INTERNAL_ERROR("internal-error"),
    UNAUTHENTICATED("unauthenticated"),
    FORBIDDEN("forbidden"),
    /** A type this client does not know, or an error answer that was not a problem document. */
    UNKNOWN("");

    /** What every type URI starts with. */
    public static final String PREFIX = "urn:ringkv:problem:";

    private static final Map<String, ProblemType> BY_URI = new HashMap<>();

    static {
        for (ProblemType t : values()) {
            if (t != UNKNOWN) {
                BY_URI.put(PREFIX + t.slug, t);
            }
        }
    }

    private final String slug;

    ProblemType(String slug) {
        this.slug = slug;
    }

    /** The part of the URI after {@link #PREFIX}; empty for {@link #UNKNOWN}. */
    public String slug() {
        return slug;
    }

    /** The type of a type URI; UNKNOWN for any other (or null). */
    public static ProblemType of(String uri) {
        return uri == null ? UNKNOWN : BY_URI.getOrDefault(uri, UNKNOWN);
    }
}
