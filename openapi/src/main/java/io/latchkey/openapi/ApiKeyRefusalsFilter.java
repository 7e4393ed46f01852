package io.latchkey.openapi;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;

import io.latchkey.common.rest.ApiDoc;

/**
 * Every operation that takes an API key as its credential is guarded by the realm's per-address rate limit and IP
 * allow-list before the key is looked up, whatever the operation: 429 {@code RATE_LIMITED} with {@code Retry-After},
 * and 403 {@code IP_NOT_ALLOWED}. Rather than repeat both on every resource method, this filter adds them where the
 * operation does not already describe them, and adds the cause to a 403 the operation has for another reason.
 */
public final class ApiKeyRefusalsFilter implements OASFilter {

    static final String RATE_LIMITED = "Over the realm's per-address rate limit (rate_limit_per_minute), before the"
            + " API key is looked up: {\"code\": \"RATE_LIMITED\"}. Retry after Retry-After.";
    static final String IP_NOT_ALLOWED = "From an address outside the realm's IP allow-list, before the API key is"
            + " looked up: {\"code\": \"IP_NOT_ALLOWED\"}.";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                if (takesApiKey(operation)) {
                    addRefusals(operation);
                }
            }
        }
    }

    private static boolean takesApiKey(Operation operation) {
        List<SecurityRequirement> security = operation.getSecurity();
        return security != null && security.stream().anyMatch(requirement -> requirement.getSchemes() != null
                && requirement.getSchemes().containsKey(ApiDoc.API_KEY));
    }

    private static void addRefusals(Operation operation) {
        Schema error = OASFactory.createSchema().ref(RealmNotFoundFilter.COMPONENTS + ApiDoc.ERROR);
        if (operation.getResponses().getAPIResponse("429") == null) {
            operation.getResponses().addAPIResponse("429", OASFactory.createAPIResponse().description(RATE_LIMITED)
                    .addHeader("Retry-After", OASFactory.createHeader().description("Seconds to wait.")
                            .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER)))
                    .content(OASFactory.createContent().addMediaType(ApiDoc.JSON,
                            OASFactory.createMediaType().schema(error))));
        }
        APIResponse forbidden = operation.getResponses().getAPIResponse("403");
        if (forbidden == null) {
            operation.getResponses().addAPIResponse("403", OASFactory.createAPIResponse().description(IP_NOT_ALLOWED)
                    .content(OASFactory.createContent().addMediaType(ApiDoc.JSON,
                            OASFactory.createMediaType().schema(error))));
        } else if (forbidden.getDescription() == null || !forbidden.getDescription().contains("IP_NOT_ALLOWED")) {
            forbidden.setDescription((forbidden.getDescription() == null ? "" : forbidden.getDescription() + " Or: ")
                    + IP_NOT_ALLOWED);
        }
    }
}
