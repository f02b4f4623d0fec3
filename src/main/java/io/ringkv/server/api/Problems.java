package io.ringkv.server.api;

import java.net.URI;
import org.jspecify.annotations.Nullable;
import org.springframework.http.ProblemDetail;

/** Builds the problem documents the API answers with. */
final class Problems {
    private Problems() {}

    static ProblemDetail of(ProblemType type, String detail, @Nullable String path) {
        ProblemDetail pd = ProblemDetail.forStatusAndDetail(type.status(), detail);
        pd.setType(type.uri());
        pd.setTitle(type.title());
        if (path != null) {
            try {
                pd.setInstance(new URI(null, null, path, null));
            } catch (java.net.URISyntaxException e) {
                // leave the instance out rather than fail the error response
            }
        }
        return pd;
    }

    /** The type of an error known only by its status (raised by the framework or the web server). */
    static ProblemType typeForStatus(int status) {
        return switch (status) {
            case 404 -> ProblemType.NO_SUCH_ROUTE;
            case 405 -> ProblemType.METHOD_NOT_ALLOWED;
            case 406 -> ProblemType.NOT_ACCEPTABLE;
            case 413 -> ProblemType.VALUE_TOO_LARGE;
            case 415 -> ProblemType.UNSUPPORTED_MEDIA_TYPE;
            case 431 -> ProblemType.HEADERS_TOO_LARGE;
            case 503 -> ProblemType.STORAGE_UNAVAILABLE;
            default -> status >= 400 && status < 500 ? ProblemType.MALFORMED_REQUEST : ProblemType.INTERNAL_ERROR;
        };
    }
}
