package io.ringkv.server.api;

import io.ringkv.server.cluster.ClaimantMessages;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI description of {@link ClusterAdminController}. */
@Tag(
        name = "cluster changes",
        description = "Joins, leaves, replaces and force-removes: staged at the claimant, planned, committed")
interface ClusterAdminApiDocs {
    String STAGED = "{\"claimant\":\"node1\",\"changes\":[\"join node4 (weight 1, rack default)\"]}";
    String PLAN = "{\"id\":\"5f0c2a9e41b7d388\",\"baseVersion\":1,\"changes\":[\"join node4 (weight 1, rack"
            + " default)\"],\"members\":[{\"id\":\"node1\",\"partitions\":48},{\"id\":\"node2\",\"partitions\":48},"
            + "{\"id\":\"node3\",\"partitions\":48},{\"id\":\"node4\",\"partitions\":48}],\"transfers\":[{\"range\":"
            + "3,\"from\":\"node2\",\"to\":\"node4\",\"estimatedKeys\":-1,\"estimatedBytes\":-1}],"
            + "\"movedPartitions\":48}";

    @Operation(
            summary = "Stage a join",
            description = "Stages the join of a node that is not a member yet: with no body (or no node) the node"
                    + " asked, else the node named, which must have been started with this cluster's seeds (its"
                    + " cluster name and partition count are checked: another is 409). Nothing moves until a plan"
                    + " is committed.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = false,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.NodeBody.class),
                                            examples =
                                                    @ExampleObject(name = "a node", value = "{\"node\":\"node4\"}"))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The changes staged now",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples = @ExampleObject(name = "staged", value = STAGED))))
    ClusterAdminController.StagedBody join(ClusterAdminController.NodeBody body);

    @Operation(
            summary = "Stage a leave",
            description = "Stages the leave of a member (the node asked when none is named): its ranges are handed"
                    + " to the others before it leaves the ring. Refused (409) when fewer than n_val members would"
                    + " remain; an unknown node is 404.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = false,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.NodeBody.class),
                                            examples =
                                                    @ExampleObject(name = "a node", value = "{\"node\":\"node3\"}"))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The changes staged now",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples = @ExampleObject(name = "staged", value = STAGED))))
    ClusterAdminController.StagedBody leave(ClusterAdminController.NodeBody body);

    @Operation(
            summary = "Stage a replace",
            description = "Stages the replacement of a member by a node that is not one: the new node takes over"
                    + " exactly the old one's partitions, streamed from it, and the old one leaves. A replacement"
                    + " that is already a member is 409.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.ReplaceBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "replace",
                                                            value = "{\"node\":\"node3\",\"replacement\":\"node5\"}"))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The changes staged now",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples = @ExampleObject(name = "staged", value = STAGED))))
    ClusterAdminController.StagedBody replace(ClusterAdminController.ReplaceBody body);

    @Operation(
            summary = "Stage a force-remove",
            description = "Stages the removal of a member that is gone for good: it is never asked for data; each"
                    + " of its ranges is rebuilt from the other replicas that hold it. Refused (409) when fewer"
                    + " than n_val members would remain.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.NodeBody.class),
                                            examples =
                                                    @ExampleObject(name = "a node", value = "{\"node\":\"node3\"}"))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The changes staged now",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples = @ExampleObject(name = "staged", value = STAGED))))
    ClusterAdminController.StagedBody forceRemove(ClusterAdminController.NodeBody body);

    @Operation(
            summary = "Read the staged changes",
            description = "The changes staged at the claimant (kept in its memory only), in the order staged.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The staged changes",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples = @ExampleObject(name = "staged", value = STAGED))))
    ClusterAdminController.StagedBody staged();

    @Operation(
            summary = "Drop the staged changes",
            description = "Drops every staged change; the ring is not touched.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "No change staged",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.StagedBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "none",
                                                            value = "{\"claimant\":\"node1\",\"changes\":[]}"))))
    ClusterAdminController.StagedBody clearStaged();

    @Operation(
            summary = "Plan the staged changes",
            description = "What committing the staged changes would do: every member's partitions after it, the"
                    + " key ranges that move (each to its new replica, with the keys and bytes its source holds"
                    + " when known, else -1) and how many partitions change owner. Nothing staged, or a transition"
                    + " still under way, is 409.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The plan",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClaimantMessages.PlanView.class),
                                            examples = @ExampleObject(name = "plan", value = PLAN))))
    ClaimantMessages.PlanView plan();

    @Operation(
            summary = "Commit a plan",
            description = "Commits the plan named: the claimant installs the ring that moves to it (gossip spreads"
                    + " it) and the new replicas start pulling their ranges. A plan made from another ring version"
                    + " or other staged changes is stale (409): get the plan again.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = ClusterAdminController.CommitBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "commit",
                                                            value = "{\"plan\":\"5f0c2a9e41b7d388\"}"))),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The ring version installed",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema =
                                                    @Schema(
                                                            implementation =
                                                                    ClusterAdminController.CommittedBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "committed",
                                                            value = "{\"claimant\":\"node1\",\"ringVersion\":2}"))))
    ClusterAdminController.CommittedBody commit(ClusterAdminController.CommitBody body);
}
