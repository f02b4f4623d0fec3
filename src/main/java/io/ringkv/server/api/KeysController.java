package io.ringkv.server.api;

import io.ringkv.coordinator.Coordinator;
import io.ringkv.coordinator.PartitionUnavailableException;
import io.ringkv.coordinator.QuorumNotMetException;
import io.ringkv.coordinator.RequestQuorum;
import io.ringkv.kv.BucketProps;
import io.ringkv.kv.ClientContext;
import io.ringkv.kv.Content;
import io.ringkv.kv.ContextCodec;
import io.ringkv.kv.EncodingException;
import io.ringkv.kv.VersionedObject;
import io.ringkv.kv.WriteId;
import io.ringkv.port.Clock;
import io.ringkv.protocol.KeyCursor;
import io.ringkv.protocol.KeyPage;
import io.ringkv.protocol.WriteRefusedException;
import io.ringkv.protocol.WriteRequest;
import io.ringkv.replica.BucketCatalog;
import io.ringkv.server.config.RingkvProperties;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.InvalidMediaTypeException;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Reads, writes, deletes and lists the keys of a bucket, every one through the {@link Coordinator}:
 * the edge checks the request and shapes the answer, and reaches no replica's storage itself.
 */
@RestController
@RequestMapping("/v1/buckets/{bucket}/keys")
public class KeysController implements KeysApiDocs {
    private final BucketCatalog catalog;
    private final Coordinator coordinator;
    private final RequestRules rules;
    private final Clock clock;
    private final long waitMillis;

    public KeysController(
            BucketCatalog catalog,
            Coordinator coordinator,
            RequestRules rules,
            Clock clock,
            RingkvProperties properties) {
        this.catalog = catalog;
        this.coordinator = coordinator;
        this.rules = rules;
        this.clock = clock;
        // The coordinator answers within the request timeout, or twice that when a sloppy write
        // hands silent primaries' versions to fallbacks; the extra second covers its own timers.
        this.waitMillis = 2 * properties.cluster().requestTimeout().toMillis() + 1000;
    }

    @GetMapping("/{key}")
    @ClientOperation("get")
    public ResponseEntity<?> get(
            @PathVariable String bucket,
            @PathVariable String key,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            HttpServletRequest request)
            throws IOException {
        String b = rules.bucket(bucket);
        byte[] k = rules.key(key);
        BucketProps props = catalog.props(b);
        RequestQuorum quorum = quorum(request);
        VersionedObject object =
                await(started(() -> coordinator.get(b, k, props, quorum))).object();
        if (object.isDeleted()) {
            return notFound(object, bucket, key);
        }
        if (ifNoneMatch != null && ifNoneMatch.contains(ObjectResponses.etag(object))) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED)
                    .headers(ObjectResponses.versionHeaders(object))
                    .build();
        }
        return ObjectResponses.found(object);
    }

    @PutMapping("/{key}")
    @ClientOperation("put")
    public ResponseEntity<?> put(
            @PathVariable String bucket,
            @PathVariable String key,
            @RequestParam(required = false) @Nullable String returnbody,
            @RequestParam(required = false) @Nullable String ttl,
            @RequestHeader(value = ObjectResponses.CONTEXT_HEADER, required = false) @Nullable String context,
            @RequestHeader(value = HttpHeaders.IF_NONE_MATCH, required = false) @Nullable String ifNoneMatch,
            HttpServletRequest request)
            throws IOException {
        String b = rules.bucket(bucket);
        byte[] k = rules.key(key);
        ClientContext seen = rules.clientContext(context);
        WriteId writeId = rules.writeId(request.getHeader(RequestRules.IDEMPOTENCY_KEY));
        boolean ifAbsent = ifAbsent(ifNoneMatch);
        boolean returnBody = rules.flag("returnbody", returnbody);
        Long ttlSeconds = rules.ttlSeconds(ttl);
        String contentType = contentType(request.getContentType());
        BucketProps props = catalog.props(b);
        RequestQuorum quorum = quorum(request);
        byte[] value = rules.value(request);

        long ttlMillis = ttlSeconds != null ? ttlSeconds * 1000 : props.defaultTtlSeconds() * 1000;
        long expiresAt = ttlMillis > 0 ? clock.millis() + ttlMillis : Content.NO_EXPIRY;
        VersionedObject stored = write(
                b,
                k,
                new WriteRequest(
                        seen.vector(),
                        Content.value(contentType, value, expiresAt),
                        ifAbsent,
                        props.conflictResolution(),
                        writeId,
                        seen.writeIds()),
                props,
                quorum);
        if (returnBody) {
            return ObjectResponses.found(stored);
        }
        return ResponseEntity.noContent()
                .headers(ObjectResponses.versionHeaders(stored))
                .build();
    }

    @DeleteMapping("/{key}")
    @ClientOperation("delete")
    public ResponseEntity<Void> delete(
            @PathVariable String bucket,
            @PathVariable String key,
            @RequestHeader(value = ObjectResponses.CONTEXT_HEADER, required = false) @Nullable String context,
            HttpServletRequest request)
            throws IOException {
        String b = rules.bucket(bucket);
        byte[] k = rules.key(key);
        // Without a context a delete removes every version the coordinating replica has, as Riak's does.
        ClientContext seen = context == null ? null : rules.clientContext(context);
        WriteId writeId = rules.writeId(request.getHeader(RequestRules.IDEMPOTENCY_KEY));
        BucketProps props = catalog.props(b);
        RequestQuorum quorum = quorum(request);
        VersionedObject stored = write(
                b,
                k,
                new WriteRequest(
                        seen == null ? null : seen.vector(),
                        // Kept until every replica holds it and its grace has passed (docs/repair.md).
                        Content.tombstone(Content.NO_EXPIRY),
                        false,
                        props.conflictResolution(),
                        writeId,
                        seen == null ? Set.of() : seen.writeIds()),
                props,
                quorum);
        HttpHeaders headers = new HttpHeaders();
        headers.set(ObjectResponses.CONTEXT_HEADER, ContextCodec.encode(stored));
        return ResponseEntity.noContent().headers(headers).build();
    }

    @GetMapping
    @ClientOperation("list-keys")
    public KeyListing list(
            @PathVariable String bucket,
            @RequestParam(required = false) @Nullable String limit,
            @RequestParam(required = false) @Nullable String cursor)
            throws IOException {
        String b = rules.bucket(bucket);
        int pageSize = rules.pageSize(limit);
        KeyCursor after = rules.cursor(cursor);
        CompletableFuture<KeyPage> listing;
        try {
            listing = coordinator.listKeys(b, catalog.props(b), after, pageSize);
        } catch (EncodingException e) {
            throw new ApiException(
                    ProblemType.INVALID_CURSOR, "cursor is not one a listing returned: " + e.getMessage());
        }
        KeyPage page = await(listing);
        List<String> keys = new ArrayList<>(page.keys().size());
        for (byte[] k : page.keys()) {
            keys.add(new String(k, StandardCharsets.UTF_8));
        }
        return new KeyListing(keys, page.next() == null ? null : page.next().toToken());
    }

    private VersionedObject write(
            String bucket, byte[] key, WriteRequest request, BucketProps props, RequestQuorum quorum) {
        return await(started(() -> coordinator.put(bucket, key, request, props, quorum)));
    }

    /**
     * Starts a coordinator call; replica counts it finds the bucket can never meet (it resolves them
     * once, against the cluster it places keys on) are the client's mistake.
     */
    private static <T> CompletableFuture<T> started(Supplier<CompletableFuture<T>> call) {
        try {
            return call.get();
        } catch (IllegalArgumentException e) {
            throw new ApiException(ProblemType.INVALID_PARAMETER, e.getMessage());
        }
    }

    /**
     * The request's replica counts; refused when one is malformed. Whether the bucket's n can meet
     * them is the coordinator's to decide (see {@link #started}).
     */
    private RequestQuorum quorum(HttpServletRequest request) {
        RequestQuorum quorum = new RequestQuorum(
                rules.quorum("r", request.getParameter("r")),
                rules.quorum("w", request.getParameter("w")),
                rules.quorum("pr", request.getParameter("pr")),
                rules.quorum("pw", request.getParameter("pw")),
                rules.quorum("dw", request.getParameter("dw")));
        String sloppy = request.getParameter("sloppy");
        if (sloppy != null) {
            quorum = quorum.withSloppy(rules.flag("sloppy", sloppy));
        }
        return quorum;
    }

    /** Waits for the coordinator on the request's thread; its failures become problems. */
    private <T> T await(CompletableFuture<T> future) {
        try {
            return future.get(waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            future.cancel(true);
            throw new ApiException(ProblemType.REPLICAS_UNAVAILABLE, "the request was interrupted");
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new ApiException(
                    ProblemType.REPLICAS_UNAVAILABLE, "the replicas did not answer within " + waitMillis + " ms");
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof QuorumNotMetException q) {
                throw new ApiException(ProblemType.REPLICAS_UNAVAILABLE, q.getMessage());
            }
            if (cause instanceof PartitionUnavailableException p) {
                throw new ApiException(ProblemType.REPLICAS_UNAVAILABLE, p.getMessage());
            }
            if (cause instanceof WriteRefusedException w) {
                ProblemType type =
                        switch (w.reason()) {
                            case KEY_EXISTS -> ProblemType.KEY_EXISTS;
                            case TOO_MANY_SIBLINGS -> ProblemType.TOO_MANY_SIBLINGS;
                            case OBJECT_TOO_LARGE -> ProblemType.OBJECT_TOO_LARGE;
                        };
                throw new ApiException(type, w.getMessage());
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("the coordinator failed", cause);
        }
    }

    private static boolean ifAbsent(@Nullable String ifNoneMatch) {
        if (ifNoneMatch == null) {
            return false;
        }
        if (ifNoneMatch.trim().equals("*")) {
            return true;
        }
        throw new ApiException(
                ProblemType.INVALID_PARAMETER,
                "If-None-Match on a write must be *, was '" + RequestRules.abbreviate(ifNoneMatch) + "'");
    }

    private static String contentType(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return MediaType.APPLICATION_OCTET_STREAM_VALUE;
        }
        try {
            MediaType type = MediaType.parseMediaType(header);
            if (type.isWildcardType() || type.isWildcardSubtype()) {
                throw new ApiException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE,
                        "Content-Type of a value must be concrete, was '" + header + "'");
            }
            if (header.length() > 255) {
                throw new ApiException(
                        ProblemType.UNSUPPORTED_MEDIA_TYPE, "Content-Type is longer than 255 characters");
            }
            return header.trim();
        } catch (InvalidMediaTypeException e) {
            throw new ApiException(
                    ProblemType.UNSUPPORTED_MEDIA_TYPE,
                    "Content-Type '" + RequestRules.abbreviate(header) + "' is not a media type");
        }
    }

    private ResponseEntity<?> notFound(VersionedObject object, String bucket, String key) {
        HttpHeaders headers = new HttpHeaders();
        if (!object.context().isEmpty()) {
            headers.set(ObjectResponses.CONTEXT_HEADER, ContextCodec.encode(object));
        }
        throw new ApiException(
                ProblemType.KEY_NOT_FOUND,
                "no value for key '" + RequestRules.abbreviate(key) + "' in bucket '" + bucket + "'",
                headers);
    }
}
