package io.ringkv.server.api;

import io.micrometer.core.instrument.MeterRegistry;
import io.ringkv.server.cluster.ClusterNotReadyException;
import io.ringkv.storage.StorageFailedException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingRequestHeaderException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;

/**
 * Turns every failure of a request into an RFC 9457 problem with a stable type, a detail that names
 * the bad input, and never a stack trace; counts them by type.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ProblemHandler.class);

    private final MeterRegistry registry;

    public ProblemHandler(MeterRegistry registry) {
        this.registry = registry;
    }

    /**
     * The problem for a failure of a route served outside Spring MVC's dispatch ({@link
     * HotRouteFilter}): the same answer the handlers below give for the same exception.
     */
    ResponseEntity<ProblemDetail> answer(Exception e, HttpServletRequest request) {
        if (e instanceof ApiException api) {
            return api(api, request);
        }
        if (e instanceof StorageFailedException failed) {
            return storageFailed(failed, request);
        }
        if (e instanceof ClusterNotReadyException notReady) {
            return clusterNotReady(notReady, request);
        }
        return unexpected(e, request);
    }

    @ExceptionHandler(ApiException.class)
    ResponseEntity<ProblemDetail> api(ApiException e, HttpServletRequest request) {
        ResponseEntity<ProblemDetail> problem = problem(e.type(), e.getMessage(), request.getRequestURI());
        return ResponseEntity.status(problem.getStatusCode())
                .headers(problem.getHeaders())
                .headers(e.headers())
                .body(problem.getBody());
    }

    @ExceptionHandler(StorageFailedException.class)
    ResponseEntity<ProblemDetail> storageFailed(StorageFailedException e, HttpServletRequest request) {
        LOG.error("storage failed; the node refuses writes until restarted", e);
        return problem(
                ProblemType.STORAGE_UNAVAILABLE,
                "this node's storage has failed and refuses writes until it is restarted; retry at another node",
                request.getRequestURI());
    }

    @ExceptionHandler(ClusterNotReadyException.class)
    ResponseEntity<ProblemDetail> clusterNotReady(ClusterNotReadyException e, HttpServletRequest request) {
        return problem(ProblemType.CLUSTER_NOT_READY, e.getMessage(), request.getRequestURI());
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request) {
        if (e instanceof IOException && isClientGone(e)) {
            LOG.debug("client went away during {}", request.getRequestURI(), e);
        } else {
            LOG.error("request {} {} failed", request.getMethod(), request.getRequestURI(), e);
        }
        return problem(
                ProblemType.INTERNAL_ERROR,
                "the node failed to handle the request (" + e.getClass().getSimpleName() + "); see its log",
                request.getRequestURI());
    }

    @Override
    protected @Nullable ResponseEntity<Object> handleExceptionInternal(
            Exception ex, @Nullable Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        ProblemType type = typeOf(ex, statusCode);
        String detail = detailOf(ex, body);
        String path =
                request instanceof ServletWebRequest swr ? swr.getRequest().getRequestURI() : null;
        ResponseEntity<ProblemDetail> problem = problem(type, detail, path);
        HttpHeaders merged = new HttpHeaders();
        merged.putAll(headers);
        merged.putAll(problem.getHeaders());
        return ResponseEntity.status(type.status()).headers(merged).body(problem.getBody());
    }

    ResponseEntity<ProblemDetail> problem(ProblemType type, String detail, @Nullable String path) {
        registry.counter("ringkv.client.errors", "type", type.slug()).increment();
        return ResponseEntity.status(type.status())
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(Problems.of(type, detail, path));
    }

    private static ProblemType typeOf(Exception ex, HttpStatusCode status) {
        if (ex instanceof HttpRequestMethodNotSupportedException) {
            return ProblemType.METHOD_NOT_ALLOWED;
        }
        if (tooLarge(ex)) {
            return ProblemType.BODY_TOO_LARGE;
        }
        if (ex instanceof HttpMediaTypeNotSupportedException) {
            return ProblemType.UNSUPPORTED_MEDIA_TYPE;
        }
        if (ex instanceof HttpMediaTypeNotAcceptableException) {
            return ProblemType.NOT_ACCEPTABLE;
        }
        if (ex instanceof NoHandlerFoundException || ex instanceof NoResourceFoundException) {
            return ProblemType.NO_SUCH_ROUTE;
        }
        if (ex instanceof MethodArgumentTypeMismatchException
                || ex instanceof MissingServletRequestParameterException
                || ex instanceof MissingRequestHeaderException) {
            return ProblemType.INVALID_PARAMETER;
        }
        return Problems.typeForStatus(status.value());
    }

    private static String detailOf(Exception ex, @Nullable Object body) {
        if (ex instanceof HttpMessageNotReadableException) {
            Throwable cause = ex.getCause();
            if (tooLarge(ex)) {
                return "the request body is more than " + JsonBodyLimit.MAX_BYTES + " bytes";
            }
            if (cause instanceof UnrecognizedPropertyException u) {
                return "the body has an unknown property '" + u.getPropertyName() + "'";
            }
            return "the body is not valid JSON of the expected shape";
        }
        if (ex instanceof NoResourceFoundException || ex instanceof NoHandlerFoundException) {
            return "no route answers this path; the client API is under /v1 (see /v3/api-docs)";
        }
        if (body instanceof ProblemDetail pd && pd.getDetail() != null) {
            return pd.getDetail();
        }
        return ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
    }

    private static boolean tooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof JsonBodyLimit.BodyTooLargeException) {
                return true;
            }
        }
        return false;
    }

    private static boolean isClientGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String name = t.getClass().getSimpleName();
            if (name.equals("ClientAbortException") || name.equals("EOFException")) {
                return true;
            }
        }
        return false;
    }
}
