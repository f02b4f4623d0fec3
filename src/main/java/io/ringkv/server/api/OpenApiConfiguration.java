package io.ringkv.server.api;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.servers.Server;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The OpenAPI 3.1 document at {@code /v3/api-docs}: its description and the problem responses every operation may give. */
@Configuration(proxyBeanMethods = false)
public class OpenApiConfiguration {
    static final String PROBLEM = "Problem";

    @Bean
    OpenAPI ringkvOpenApi() {
        return new OpenAPI()
                .info(new Info()
                        .title("ringkv client API")
                        .version("v1")
                        .description("A Dynamo-style key-value store. Values are opaque bytes with a content type;"
                                + " each key carries a causal context (X-Ringkv-Context) that a client sends back"
                                + " with its next write. Concurrent writes are kept as siblings (300 Multiple"
                                + " Choices) until a write with their context resolves them, unless the bucket"
                                + " chooses last-write-wins.")
                        .license(new License().name("Apache-2.0").identifier("Apache-2.0")))
                // a fixed server, so that the document is the same whichever host and port serve it
                // (docs/openapi.yaml is compared with it)
                .servers(List.of(new Server()
                        .url("/")
                        .description("the node that serves this document; any node answers any request")))
                .components(new Components().addSchemas(PROBLEM, problemSchema()));
    }

    static Schema<?> problemSchema() {
        return new ObjectSchema()
                .description("An RFC 9457 problem; `type` is stable per kind of error (see docs/api.md)")
                .addProperty(
                        "type",
                        new Schema<String>().type("string").format("uri").example("urn:ringkv:problem:invalid-key"))
                .addProperty("title", new Schema<String>().type("string").example("Invalid key"))
                .addProperty("status", new Schema<Integer>().type("integer").example(400))
                .addProperty(
                        "detail",
                        new Schema<String>()
                                .type("string")
                                .example("the key is 2048 bytes (UTF-8), above the limit of 1024"))
                .addProperty("instance", new Schema<String>().type("string").format("uri-reference"));
    }

    /** Every operation may answer a client error or an unavailable node with a problem document. */
    @Bean
    OpenApiCustomizer problemResponses() {
        return openApi -> {
            // the schemas found in the controllers replace the bean's components: the problem schema
            // the responses refer to is added back here
            if (openApi.getComponents() == null) {
                openApi.setComponents(new Components());
            }
            openApi.getComponents().addSchemas(PROBLEM, problemSchema());
            addProblemResponses(openApi);
        };
    }

    private static void addProblemResponses(OpenAPI openApi) {
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(op -> {
            ApiResponses responses = op.getResponses();
            responses.putIfAbsent(
                    "4XX",
                    problem(
                            "The request was refused; `detail` names the bad input",
                            "urn:ringkv:problem:invalid-bucket-name",
                            400));
            responses.putIfAbsent(
                    "503",
                    problem(
                            "The node cannot serve the request now: too few replicas answered"
                                    + " (replicas-unavailable), the node does not know the ring yet"
                                    + " (cluster-not-ready) or its storage failed (storage-unavailable)",
                            "urn:ringkv:problem:replicas-unavailable",
                            503));
        }));
    }

    static ApiResponse problem(String description, String type, int status) {
        // In a fixed order, so that docs/openapi.yaml comes out the same every time it is written.
        Map<String, Object> value = new java.util.LinkedHashMap<>();
        value.put("type", type);
        value.put("status", status);
        value.put("title", "…");
        value.put("detail", "…");
        Example example = new Example().value(value);
        return new ApiResponse()
                .description(description)
                .content(new Content()
                        .addMediaType(
                                "application/problem+json",
                                new MediaType()
                                        .schema(new Schema<>().$ref("#/components/schemas/" + PROBLEM))
                                        .addExamples("problem", example)));
    }
}
