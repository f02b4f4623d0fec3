package io.ringkv.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.springframework.http.ResponseEntity;

/** The OpenAPI description of {@link AdminController}. */
@Tag(name = "admin", description = "Repair and the operations it runs")
interface AdminApiDocs {
    String OPERATION_EXAMPLE = "{\"id\":\"repair-1795420800001\",\"kind\":\"repair\",\"scope\":\"node\","
            + "\"trigger\":\"admin\",\"state\":\"running\",\"partitionsDone\":40,\"partitionsTotal\":192,"
            + "\"exchangesDone\":81,\"exchangesFailed\":0,\"exchangesTotal\":384,\"keysCompared\":1250000,"
            + "\"differences\":12,\"keysRepaired\":12,\"bytesSent\":401230,\"bytesReceived\":388771,"
            + "\"bytesPerSecond\":131667.0,\"startedAt\":\"2026-12-01T10:00:00Z\",\"finishedAt\":null,"
            + "\"error\":null}";

    @Operation(
            summary = "Start a repair",
            description = "Starts an anti-entropy repair at this node: each partition it replicates is compared"
                    + " with each of its other replicas through their Merkle trees, and the keys that differ are"
                    + " synced both ways by the causal merge (nothing either side holds is lost; concurrent"
                    + " versions stay siblings). With no body (or `{}`) every partition this node replicates;"
                    + " `{\"bucket\":\"users\"}` one bucket's keys; `{\"partition\":17}` one partition. Answers at"
                    + " once with the operation's id; follow it at /v1/admin/operations/{id}. An unknown bucket, a"
                    + " partition that does not exist or that this node does not replicate, or both given: 400.",
            requestBody =
                    @io.swagger.v3.oas.annotations.parameters.RequestBody(
                            required = false,
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = AdminController.RepairBody.class),
                                            examples = {
                                                @ExampleObject(name = "whole node", value = "{}"),
                                                @ExampleObject(name = "one bucket", value = "{\"bucket\":\"users\"}"),
                                                @ExampleObject(name = "one partition", value = "{\"partition\":17}")
                                            })),
            responses =
                    @ApiResponse(
                            responseCode = "202",
                            description = "The repair started (or waits its turn); Location names the operation",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = AdminController.Started.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "started",
                                                            value = "{\"id\":\"repair-1795420800001\"}"))))
    ResponseEntity<AdminController.Started> repair(AdminController.RepairBody body);

    @Operation(
            summary = "List operations",
            description = "Every running and recent operation of this node (repairs asked here and the node's own"
                    + " scheduled rounds), oldest first, with its state (pending, running, done, failed) and"
                    + " progress. Finished operations are kept up to ringkv.repair.operations-kept, the oldest"
                    + " dropped first; a restart forgets them.",
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The operations",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = AdminController.OperationsBody.class),
                                            examples =
                                                    @ExampleObject(
                                                            name = "operations",
                                                            value = "{\"operations\":[" + OPERATION_EXAMPLE + "]}"))))
    AdminController.OperationsBody operations();

    @Operation(
            summary = "Read an operation",
            description = "One operation's state and progress: partitions done of total, exchanges, keys compared,"
                    + " differences found, keys repaired, bytes sent and received, rate, start and end, and its"
                    + " error when it failed (an exchange fails when the other replica is down or does not answer"
                    + " in time; the others go on). Unknown id: 404 operation-not-found.",
            parameters = @Parameter(name = "id", in = ParameterIn.PATH, example = "repair-1795420800001"),
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The operation",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema = @Schema(implementation = AdminController.OperationBody.class),
                                            examples = @ExampleObject(name = "operation", value = OPERATION_EXAMPLE))))
    AdminController.OperationBody operation(String id);
}
