package io.ringkv.server.security;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;

/**
 * The client API's authentication in its OpenAPI document: the API-key scheme ({@code Authorization:
 * Bearer <key>}) and, per operation, what {@link ClientAccess} requires of the key, as role names
 * (OpenAPI 3.1 lets a non-OAuth requirement list roles): {@code read:{bucket}}, {@code
 * write:{bucket}}, {@code admin}, none (any valid key), or no key at all.
 */
final class ApiKeyDocs implements OpenApiCustomizer {
    static final String SCHEME = "apiKey";

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        openApi.getComponents()
                .addSecuritySchemes(
                        SCHEME,
                        new SecurityScheme()
                                .type(SecurityScheme.Type.HTTP)
                                .scheme("bearer")
                                .description("A client API key, sent as `Authorization: Bearer <key>`"
                                        + " (ringkv.security.clients). Its roles (`admin`, `read:<buckets>`,"
                                        + " `write:<buckets>`) must cover the operation; the roles an operation"
                                        + " needs are listed in its security requirement; `admin` covers every operation. A node without client keys"
                                        + " needs none from loopback clients (docs/security.md)."));
        openApi.setSecurity(List.of(new SecurityRequirement().addList(SCHEME)));
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().forEach((path, item) -> {
            for (Map.Entry<PathItem.HttpMethod, io.swagger.v3.oas.models.Operation> entry :
                    item.readOperationsMap().entrySet()) {
                entry.getValue().setSecurity(requirement(entry.getKey().name(), path));
            }
        });
    }

    /** The security requirement of {@code method} on the path template {@code path}. */
    static List<SecurityRequirement> requirement(String method, String path) {
        // A sample of the path: every template variable a plain segment.
        String sample = path.replaceAll("\\{[^}/]+}", "x");
        ClientAccess access = ClientAccess.of(method, sample, true);
        String bucket = path.contains("{bucket}") ? "{bucket}" : "*";
        List<String> roles = new ArrayList<>();
        switch (access.need()) {
            case NONE -> {
                return new ArrayList<>(); // open: no key needed
            }
            case AUTHENTICATED -> {}
            case READ -> roles.add("read:" + bucket);
            case WRITE -> roles.add("write:" + bucket);
            case ADMIN -> roles.add("admin");
        }
        return new ArrayList<>(List.of(new SecurityRequirement().addList(SCHEME, roles)));
    }
}
