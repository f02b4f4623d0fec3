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

    @Operation(
            summary = "List the members and their state",
            description = "Every member this node has heard of through gossip: its address, status (UP, SUSPECT,"
                    + " DOWN, LEFT) from the phi accrual failure detector and its own health, the suspicion"
                    + " level phi, its generation and last heartbeat, how many partitions it owns and the version of"
                    + " the ring it holds (gossip spreads the highest version to every member). A member"
                    + " whose own health is DOWN or OUT_OF_SERVICE is DOWN even while its heartbeats arrive. Seeds"
                    + " that have not answered yet are listed; this answers even before the ring is known.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The members",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterController.MembersBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "members",
                                                            value =
                                                                    "{\"self\":\"node1\",\"members\":[{\"id\":\"node1\","
                                                                            + "\"address\":\"localhost:8080\",\"status\":\"UP\",\"phi\":0.0,"
                                                                            + "\"generation\":1795420800000,\"heartbeat\":42,\"lastHeartbeatMillisAgo\":0,\"health\":\"UP\",\"storageHealth\":\"UP\","
                                                                            + "\"partitions\":86,\"ringVersion\":1},{\"id\":\"node2\",\"address\":\"localhost:8081\","
                                                                            + "\"status\":\"DOWN\",\"phi\":11.3,\"generation\":1795420800311,"
                                                                            + "\"heartbeat\":17,\"lastHeartbeatMillisAgo\":9120,\"health\":\"UP\",\"storageHealth\":\"UP\",\"partitions\":85,\"ringVersion\":1}],\"seedsNotReached\":[]}"))))
    ClusterController.MembersBody members();
}
