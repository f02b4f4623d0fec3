package io.ringkv.server.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The OpenAPI description of {@link KeyReplicasController}. */
@Tag(name = "admin", description = "Repair and the operations it runs")
interface KeyReplicasApiDocs {
    String EXAMPLE = "{\"bucket\":\"users\",\"key\":\"alice\",\"partition\":137,\"n\":3,"
            + "\"preferenceList\":[\"node2\",\"node3\",\"node1\"],\"replicas\":["
            + "{\"node\":\"node2\",\"status\":\"UP\",\"found\":true,\"siblings\":1,\"context\":\"AQJub2RlMgQ6f2aR\","
            + "\"vector\":{\"node2\":2},\"versions\":[{\"dot\":\"node2:2\",\"lastModified\":\"2026-12-01T10:00:00Z\","
            + "\"deleted\":false,\"contentType\":\"application/json\",\"size\":16,\"expiresAt\":null}],\"error\":null},"
            + "{\"node\":\"node3\",\"status\":\"UP\",\"found\":true,\"siblings\":1,\"context\":\"AQJub2RlMgPd0a1s\","
            + "\"vector\":{\"node2\":1},\"versions\":[{\"dot\":\"node2:1\",\"lastModified\":\"2026-12-01T09:59:00Z\","
            + "\"deleted\":false,\"contentType\":\"application/json\",\"size\":15,\"expiresAt\":null}],\"error\":null},"
            + "{\"node\":\"node1\",\"status\":\"DOWN\",\"found\":false,\"siblings\":0,\"context\":null,\"vector\":{},"
            + "\"versions\":[],\"error\":\"no answer in time\"}]}";

    @Operation(
            summary = "Describe a key's replicas",
            description = "The key's partition, its preference list (the bucket's n replicas, the owner first) and"
                    + " what each of those replicas holds right now: its status as this node's gossip sees it, its"
                    + " versions (dot, time, size, content type, tombstone, expiry) and causal context, or why it"
                    + " did not answer within ringkv.cluster.request-timeout. Every replica is asked, whatever"
                    + " its status; nothing is repaired or written, so replicas that differ stay as they are (see"
                    + " POST /v1/admin/repair). An invalid bucket name or key: 400.",
            parameters = {
                @Parameter(name = "bucket", in = ParameterIn.PATH, example = "users"),
                @Parameter(name = "key", in = ParameterIn.PATH, example = "alice")
            },
            responses =
                    @ApiResponse(
                            responseCode = "200",
                            description = "The key's partition, preference list and each replica's versions",
                            content =
                                    @Content(
                                            mediaType = "application/json",
                                            schema =
                                                    @Schema(
                                                            implementation =
                                                                    KeyReplicasController.KeyReplicasBody.class),
                                            examples = @ExampleObject(name = "key replicas", value = EXAMPLE))))
    KeyReplicasController.KeyReplicasBody describe(String bucket, String key);
}
