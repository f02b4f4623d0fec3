package io.ringkv.server.api;

import org.springframework.http.HttpHeaders;

/** A request the API refuses; rendered as a problem of its type with the detail naming the bad input. */
public final class ApiException extends RuntimeException {
    private final ProblemType type;
    private final HttpHeaders headers;

    public ApiException(ProblemType type, String detail) {
        this(type, detail, HttpHeaders.EMPTY);
    }

    /** A refusal whose answer carries headers too (a 404 still gives the key's context). */
    public ApiException(ProblemType type, String detail, HttpHeaders headers) {
        super(detail, null, false, false);
        this.type = type;
        this.headers = headers;
    }

    public ProblemType type() {
        return type;
    }

    public HttpHeaders headers() {
        return headers;
    }
}
