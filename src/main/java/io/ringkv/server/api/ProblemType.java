package io.ringkv.server.api;

import java.net.URI;
import org.springframework.http.HttpStatus;

/**
 * Every kind of error the API reports, each with a stable type URI ({@code urn:ringkv:problem:<slug>},
 * listed in docs/api.md) and one status.
 */
public enum ProblemType {
    INVALID_BUCKET_NAME("invalid-bucket-name", HttpStatus.BAD_REQUEST, "Invalid bucket name"),
    INVALID_KEY("invalid-key", HttpStatus.BAD_REQUEST, "Invalid key"),
    INVALID_CONTEXT("invalid-context", HttpStatus.BAD_REQUEST, "Invalid causal context"),
    INVALID_PARAMETER("invalid-parameter", HttpStatus.BAD_REQUEST, "Invalid parameter"),
    INVALID_CURSOR("invalid-cursor", HttpStatus.BAD_REQUEST, "Invalid cursor"),
    INVALID_BUCKET_PROPS("invalid-bucket-props", HttpStatus.BAD_REQUEST, "Invalid bucket props"),
    MALFORMED_REQUEST("malformed-request", HttpStatus.BAD_REQUEST, "Malformed request"),
    UNAUTHENTICATED("unauthenticated", HttpStatus.UNAUTHORIZED, "Unauthenticated"),
    FORBIDDEN("forbidden", HttpStatus.FORBIDDEN, "Forbidden"),
    KEY_NOT_FOUND("key-not-found", HttpStatus.NOT_FOUND, "Key not found"),
    OPERATION_NOT_FOUND("operation-not-found", HttpStatus.NOT_FOUND, "Operation not found"),
    NO_SUCH_ROUTE("no-such-route", HttpStatus.NOT_FOUND, "No such route"),
    METHOD_NOT_ALLOWED("method-not-allowed", HttpStatus.METHOD_NOT_ALLOWED, "Method not allowed"),
    NOT_ACCEPTABLE("not-acceptable", HttpStatus.NOT_ACCEPTABLE, "Not acceptable"),
    INVALID_CLUSTER_CHANGE("invalid-cluster-change", HttpStatus.BAD_REQUEST, "Invalid cluster change"),
    NODE_NOT_FOUND("node-not-found", HttpStatus.NOT_FOUND, "Node not found"),
    CLUSTER_CHANGE_REFUSED("cluster-change-refused", HttpStatus.CONFLICT, "Cluster change refused"),
    CLAIMANT_UNAVAILABLE("claimant-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Claimant unavailable"),
    TOO_MANY_SIBLINGS("too-many-siblings", HttpStatus.CONFLICT, "Too many siblings"),
    TOO_MANY_BUCKETS("too-many-buckets", HttpStatus.CONFLICT, "Too many buckets"),
    KEY_EXISTS("key-exists", HttpStatus.PRECONDITION_FAILED, "Key exists"),
    VALUE_TOO_LARGE("value-too-large", HttpStatus.CONTENT_TOO_LARGE, "Value too large"),
    OBJECT_TOO_LARGE("object-too-large", HttpStatus.CONTENT_TOO_LARGE, "Object too large"),
    BODY_TOO_LARGE("body-too-large", HttpStatus.CONTENT_TOO_LARGE, "Request body too large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported-media-type", HttpStatus.UNSUPPORTED_MEDIA_TYPE, "Unsupported media type"),
    HEADERS_TOO_LARGE(
            "headers-too-large", HttpStatus.REQUEST_HEADER_FIELDS_TOO_LARGE, "Request header fields too large"),
    STORAGE_UNAVAILABLE("storage-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Storage unavailable"),
    CLUSTER_NOT_READY("cluster-not-ready", HttpStatus.SERVICE_UNAVAILABLE, "Cluster not ready"),
    REPLICAS_UNAVAILABLE("replicas-unavailable", HttpStatus.SERVICE_UNAVAILABLE, "Replicas unavailable"),
    OVERLOADED("overloaded", HttpStatus.SERVICE_UNAVAILABLE, "Node overloaded"),
    INTERNAL_ERROR("internal-error", HttpStatus.INTERNAL_SERVER_ERROR, "Internal error");

    private static final String PREFIX = "urn:ringkv:problem:";

    private final String slug;
    private final HttpStatus status;
    private final String title;

    ProblemType(String slug, HttpStatus status, String title) {
        this.slug = slug;
        this.status = status;
        this.title = title;
    }

    public String slug() {
        return slug;
    }

    public URI uri() {
        return URI.create(PREFIX + slug);
    }

    public HttpStatus status() {
        return status;
    }

    public String title() {
        return title;
    }
}
