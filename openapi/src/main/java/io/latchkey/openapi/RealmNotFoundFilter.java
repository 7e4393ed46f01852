package io.latchkey.openapi;

import java.util.List;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.latchkey.common.rest.ApiDoc;

/**
 * Every operation lives under a realm, and Keycloak answers 404 {@code {"error": ...}} itself when the realm does not
 * exist, before any Latchkey code runs. Rather than repeat that on every resource method, the generator runs this
 * filter: an operation without a 404 gets Keycloak's, and one whose own 404 has another body gets
 * {@code oneOf [its body, KeycloakError]}.
 */
public final class RealmNotFoundFilter implements OASFilter {

    static final String NO_SUCH_REALM = "No such realm (answered by Keycloak).";
    static final String COMPONENTS = "#/components/schemas/";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                addRealmNotFound(operation);
            }
        }
    }

    private static void addRealmNotFound(Operation operation) {
        Schema keycloak = OASFactory.createSchema().ref(COMPONENTS + ApiDoc.KEYCLOAK_ERROR);
        APIResponse notFound = operation.getResponses().getAPIResponse("404");
        if (notFound == null) {
            operation.getResponses().addAPIResponse("404", OASFactory.createAPIResponse().description(NO_SUCH_REALM)
                    .content(OASFactory.createContent().addMediaType(ApiDoc.JSON,
                            OASFactory.createMediaType().schema(keycloak))));
            return;
        }
        MediaType json = notFound.getContent() == null ? null : notFound.getContent().getMediaType(ApiDoc.JSON);
        if (json == null || json.getSchema() == null) {
            return;
        }
        String ref = json.getSchema().getRef();
        if (ref != null && List.of(COMPONENTS + ApiDoc.KEYCLOAK_ERROR, COMPONENTS + ApiDoc.ADMIN_ERROR).contains(ref)) {
            return;
        }
        json.setSchema(OASFactory.createSchema().addOneOf(json.getSchema()).addOneOf(keycloak));
        notFound.setDescription(notFound.getDescription() + " Or: " + NO_SUCH_REALM);
    }
}
