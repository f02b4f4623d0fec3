package io.ringkv.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI description of {@link ClusterController}. */
@Tag(name = "cluster", description = "The ring of partitions and where keys live")
interface ClusterApiDocs {

    @Operation(
            summary = "Read the ring",
            description = "The members (with their weight, rack, address and how many partitions each owns) and"
                    + " the owner of every partition. Every member computes the same ring from the same seeds.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The ring",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterController.RingBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "ring",
                                                            value = "{\"partitions\":4,\"version\":1,\"members\":["
                                                                    + "{\"id\":\"node1\",\"weight\":1,"
                                                                    + "\"rack\":\"default\","
                                                                    + "\"address\":\"localhost:8080\","
                                                                    + "\"partitions\":2},"
                                                                    + "{\"id\":\"node2\",\"weight\":1,"
                                                                    + "\"rack\":\"default\","
                                                                    + "\"address\":\"localhost:8081\","
                                                                    + "\"partitions\":2}],"
                                                                    + "\"owners\":[\"node1\",\"node2\","
                                                                    + "\"node1\",\"node2\"]}"))))
    ClusterController.RingBody ring();

    @Operation(
            summary = "Where a key lives",
            description = "The key's partition and its replicas: the partition's owner, then the next distinct"
                    + " nodes clockwise (distinct racks first), as many as the bucket's n.",
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(name = "key", in = ParameterIn.PATH, example = "alice")
            },
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The partition and its replicas",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema =
                                                    @Schema(
                                                            implementation =
                                                                    ClusterController.PreferenceListBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "preference list",
                                                            value = "{\"partition\":137,\"nodes\":[\"node2\","
                                                                    + "\"node3\",\"node1\"]}"))))
    ClusterController.PreferenceListBody preferenceList(String bucket, String key);
}
