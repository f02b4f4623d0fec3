package io.ringkv.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import org.springframework.http.ResponseEntity;

/** The OpenAPI description of {@link KeysController}, kept apart so the controller reads as code. */
@Tag(name = "keys", description = "Values by bucket and key, with causal contexts and siblings")
interface KeysApiDocs {
    String CONTEXT_DOC = "The key's causal context; send it back with the next write";
    String CONTEXT_EXAMPLE = "AQEACXRlc3Qtbm9kZQOn8hIj";
    String SIBLINGS_EXAMPLE = "{\"context\":\"AQIAAWEBAAFiAWs0xQ\",\"siblings\":[{\"contentType\":\"text/plain\","
            + "\"value\":\"apples\",\"valueEncoding\":\"utf-8\",\"lastModified\":\"2026-11-22T08:00:00.120Z\","
            + "\"deleted\":false},{\"contentType\":\"application/octet-stream\",\"value\":\"/wA=\","
            + "\"valueEncoding\":\"base64\",\"lastModified\":\"2026-11-22T08:00:00.250Z\",\"deleted\":false}]}";

    @Operation(
            summary = "Read a key",
            description = "Answers the value with its content type, or every concurrent version (siblings) as JSON"
                    + " with 300 Multiple Choices. HEAD answers the same headers without a body.",
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(
                        name = "key",
                        in = ParameterIn.PATH,
                        description = "percent-encoded UTF-8, at most 1 KiB",
                        example = "alice"),
                @Parameter(
                        name = "If-None-Match",
                        in = ParameterIn.HEADER,
                        description = "An ETag: 304 if it is still current"),
                @Parameter(
                        name = "r",
                        in = ParameterIn.QUERY,
                        description =
                                "Replicas that must answer (a number up to the bucket's n, one, quorum or all; default: the bucket's r)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "pr",
                        in = ParameterIn.QUERY,
                        description = "Of those, primary replicas that must answer (default: the bucket's pr)",
                        schema = @Schema(type = "string", example = "quorum"))
            },
            responses = {
                @ApiResponse(
                        responseCode = "200",
                        description = "The value, with the Content-Type it was written with",
                        headers = {
                            @Header(
                                    name = "X-Ringkv-Context",
                                    description = CONTEXT_DOC,
                                    schema = @Schema(type = "string", example = CONTEXT_EXAMPLE)),
                            @Header(name = "ETag", description = "Strong entity tag of the versions read"),
                            @Header(name = "Last-Modified", description = "When the value was written")
                        },
                        content =
                                @Content(
                                        mediaType = "*/*",
                                        schema = @Schema(type = "string", format = "binary"),
                                        examples = @ExampleObject(name = "text", value = "apples"))),
                @ApiResponse(
                        responseCode = "300",
                        description = "Concurrent versions; a write with `context` resolves them",
                        headers = @Header(name = "X-Ringkv-Context", description = CONTEXT_DOC),
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = SiblingsBody.class),
                                        examples = @ExampleObject(name = "siblings", value = SIBLINGS_EXAMPLE))),
                @ApiResponse(responseCode = "304", description = "If-None-Match named the current ETag"),
                @ApiResponse(
                        responseCode = "404",
                        description = "Absent, deleted or expired; a deleted key still carries its context",
                        headers = @Header(name = "X-Ringkv-Context", description = CONTEXT_DOC))
            })
    ResponseEntity<?> get(
            String bucket, String key, String ifNoneMatch, @Parameter(hidden = true) HttpServletRequest request)
            throws IOException;

    @Operation(
            summary = "Write a key",
            description = "Stores the body as the value, with its Content-Type (application/octet-stream if none)."
                    + " With the context of your last read in X-Ringkv-Context, the write replaces exactly the"
                    + " versions you saw; without one it becomes a sibling of what is stored (a value written over a"
                    + " deleted key simply replaces it).",
            requestBody =
                    @RequestBody(
                            description =
                                    "The value: any bytes, at most ringkv.limits.max-value-size (1 MiB by default)",
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "*/*",
                                            schema = @Schema(type = "string", format = "binary"),
                                            examples = @ExampleObject(name = "text", value = "apples"))),
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(
                        name = "key",
                        in = ParameterIn.PATH,
                        description = "percent-encoded UTF-8, at most 1 KiB",
                        example = "alice"),
                @Parameter(
                        name = "returnbody",
                        in = ParameterIn.QUERY,
                        description = "true: answer 200 (or 300) with what is stored",
                        schema = @Schema(type = "boolean", defaultValue = "false")),
                @Parameter(
                        name = "ttl",
                        in = ParameterIn.QUERY,
                        description = "Seconds until the value expires (default: the bucket's defaultTtl)",
                        schema = @Schema(type = "integer", minimum = "1", example = "3600")),
                @Parameter(
                        name = "X-Ringkv-Context",
                        in = ParameterIn.HEADER,
                        description = "Causal context from a read",
                        schema = @Schema(type = "string", example = CONTEXT_EXAMPLE)),
                @Parameter(
                        name = "If-None-Match",
                        in = ParameterIn.HEADER,
                        description = "`*`: write only if the key has no value",
                        schema = @Schema(allowableValues = "*")),
                @Parameter(
                        name = "w",
                        in = ParameterIn.QUERY,
                        description =
                                "Replicas that must acknowledge (a number up to the bucket's n, one, quorum or all; default: the bucket's w)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "pw",
                        in = ParameterIn.QUERY,
                        description = "Of those, primary replicas that must acknowledge (default: the bucket's pw)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "dw",
                        in = ParameterIn.QUERY,
                        description = "Replicas that must have made the write durable (default: the bucket's dw)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "sloppy",
                        in = ParameterIn.QUERY,
                        description = "true: a primary that is down is replaced by the next healthy node, which"
                                + " keeps a hint for it and counts toward w (default: the bucket's sloppyQuorum)",
                        schema = @Schema(type = "boolean"))
            },
            responses = {
                @ApiResponse(
                        responseCode = "204",
                        description = "Stored",
                        headers = {
                            @Header(
                                    name = "X-Ringkv-Context",
                                    description = CONTEXT_DOC,
                                    schema = @Schema(type = "string", example = CONTEXT_EXAMPLE)),
                            @Header(name = "ETag", description = "Strong entity tag of the stored versions")
                        }),
                @ApiResponse(responseCode = "200", description = "Stored; the body is the value (returnbody=true)"),
                @ApiResponse(
                        responseCode = "300",
                        description = "Stored, and the key now has siblings (returnbody=true)",
                        content =
                                @Content(
                                        mediaType = "application/json",
                                        schema = @Schema(implementation = SiblingsBody.class),
                                        examples = @ExampleObject(name = "siblings", value = SIBLINGS_EXAMPLE))),
                @ApiResponse(
                        responseCode = "409",
                        description = "The write would leave more siblings than ringkv.limits.siblings-max"),
                @ApiResponse(responseCode = "412", description = "If-None-Match: * and the key has a value"),
                @ApiResponse(
                        responseCode = "413",
                        description = "The value, or the stored object with all its siblings, is too large")
            })
    ResponseEntity<?> put(
            String bucket,
            String key,
            String returnbody,
            String ttl,
            String context,
            String ifNoneMatch,
            @Parameter(hidden = true) HttpServletRequest request)
            throws IOException;

    @Operation(
            summary = "Delete a key",
            description = "Writes a deletion that replaces the versions the context saw; without a context, every"
                    + " version the coordinating replica holds (as Riak does). Deleting an absent key succeeds.",
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(name = "key", in = ParameterIn.PATH, example = "alice"),
                @Parameter(
                        name = "X-Ringkv-Context",
                        in = ParameterIn.HEADER,
                        description = "Causal context from a read"),
                @Parameter(
                        name = "w",
                        in = ParameterIn.QUERY,
                        description =
                                "Replicas that must acknowledge (a number up to the bucket's n, one, quorum or all; default: the bucket's w)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "pw",
                        in = ParameterIn.QUERY,
                        description = "Of those, primary replicas that must acknowledge (default: the bucket's pw)",
                        schema = @Schema(type = "string", example = "quorum")),
                @Parameter(
                        name = "dw",
                        in = ParameterIn.QUERY,
                        description = "Replicas that must have made the write durable (default: the bucket's dw)",
                        schema = @Schema(type = "string", example = "quorum"))
            },
            responses =
                    @ApiResponse(
                            responseCode = "204",
                            description = "Deleted",
                            headers = @Header(name = "X-Ringkv-Context", description = CONTEXT_DOC)))
    ResponseEntity<Void> delete(
            String bucket, String key, String context, @Parameter(hidden = true) HttpServletRequest request)
            throws IOException;

    @Operation(
            summary = "List a bucket's keys",
            description = "One page of the bucket's live keys across the cluster, in a stable order (by partition,"
                    + " then key): each partition is asked of one of its replicas, so every live key appears once"
                    + " across the pages. Pass the answer's cursor to get the next page. A page may hold fewer keys"
                    + " than the limit (deleted keys were skipped) and still have a cursor; the last page has none."
                    + " 503 replicas-unavailable names a partition none of whose replicas answered.",
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(
                        name = "limit",
                        in = ParameterIn.QUERY,
                        description = "Keys per page (default 100, at most ringkv.limits.max-page-size)",
                        schema = @Schema(type = "integer", minimum = "1", example = "100")),
                @Parameter(name = "cursor", in = ParameterIn.QUERY, description = "The cursor of the previous page")
            },
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "A page of keys",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = KeyListing.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "page",
                                                            value =
                                                                    "{\"keys\":[\"alice\",\"bob\"],\"cursor\":\"AQB_Ym9i3q2-7w\"}"))))
    KeyListing list(String bucket, String limit, String cursor) throws IOException;
}
