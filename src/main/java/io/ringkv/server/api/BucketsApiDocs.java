package io.ringkv.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.io.IOException;

/** The OpenAPI description of {@link BucketsController}. */
@Tag(name = "buckets", description = "Buckets and their replication and conflict settings")
interface BucketsApiDocs {
    String PROPS_EXAMPLE = "{\"n\":3,\"r\":\"quorum\",\"w\":\"quorum\",\"pr\":0,\"pw\":0,\"dw\":\"quorum\","
            + "\"conflictResolution\":\"siblings\",\"sloppyQuorum\":true,\"defaultTtl\":0}";

    @Operation(
            summary = "List buckets",
            description = "Every bucket that has held a key or has props of its own, in name order.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "Bucket names",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            examples =
                                                    @ExampleObject(
                                                            name = "buckets",
                                                            value = "{\"buckets\":[\"carts\",\"users\"]}"))))
    BucketsController.BucketList buckets();

    @Operation(
            summary = "Read a bucket's props",
            description = "A bucket without props of its own answers the node's defaults (ringkv.bucket-defaults).",
            parameters = @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The props",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = BucketPropsBody.class),
                                            examples = @ExampleObject(name = "defaults", value = PROPS_EXAMPLE))))
    BucketPropsBody props(String bucket);

    @Operation(
            summary = "Set a bucket's props",
            description = "Properties left out keep their value. Validated as a whole (r, w, pr, pw and dw at most"
                    + " n); stored durably at this node, then pushed to every member: 503 replicas-unavailable names"
                    + " the members that did not store them. Unknown properties are refused.",
            parameters = @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = true,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = BucketPropsBody.class),
                                            examples = {
                                                @ExampleObject(
                                                        name = "lww",
                                                        value = "{\"conflictResolution\":\"lww\"}"),
                                                @ExampleObject(
                                                        name = "quorums",
                                                        value = "{\"n\":5,\"r\":2,\"w\":\"all\"}")
                                            })),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The bucket's props after the change",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = BucketPropsBody.class),
                                            examples = @ExampleObject(name = "props", value = PROPS_EXAMPLE))))
    BucketPropsBody setProps(String bucket, BucketPropsBody body) throws IOException, InterruptedException;
}
