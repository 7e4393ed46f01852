package io.latchkey.openapi;

import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.headers.Header;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;

import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.DatabaseUnavailableMapper;

/**
 * Every operation reads the database: its own rows, and the realm and the caller's user whenever Keycloak's caches do
 * not hold them. When the database cannot be reached, {@link DatabaseUnavailableMapper} answers 503 with
 * {@code Retry-After} and an {@code {"detail"}} body, whichever operation was called. Rather than repeat that on
 * every resource method, the generator runs this filter: an operation without a 503 gets this one, and one whose own
 * 503 has another cause (a missing vault key or pepper) gets this cause added to its description, and the header.
 */
public final class DatabaseUnavailableFilter implements OASFilter {

    static final String DATABASE_UNAVAILABLE = "The database cannot be reached (nothing was changed), or did not"
            + " confirm the commit of this change (it may not have been saved). Retry after Retry-After.";
    static final String HEADER = "Retry-After";

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        for (PathItem item : openAPI.getPaths().getPathItems().values()) {
            for (Operation operation : item.getOperations().values()) {
                addDatabaseUnavailable(operation);
            }
        }
    }

    private static void addDatabaseUnavailable(Operation operation) {
        Schema error = OASFactory.createSchema().ref(RealmNotFoundFilter.COMPONENTS + ApiDoc.ERROR);
        APIResponse unavailable = operation.getResponses().getAPIResponse("503");
        if (unavailable == null) {
            operation.getResponses().addAPIResponse("503", OASFactory.createAPIResponse()
                    .description(DATABASE_UNAVAILABLE).addHeader(HEADER, retryAfter())
                    .content(OASFactory.createContent().addMediaType(ApiDoc.JSON,
                            OASFactory.createMediaType().schema(error))));
            return;
        }
        unavailable.setDescription(unavailable.getDescription() + " Or: " + DATABASE_UNAVAILABLE);
        if (unavailable.getHeaders() == null || !unavailable.getHeaders().containsKey(HEADER)) {
            unavailable.addHeader(HEADER, retryAfter());
        }
        MediaType json = unavailable.getContent() == null ? null : unavailable.getContent().getMediaType(ApiDoc.JSON);
        if (json == null) {
            unavailable.content(OASFactory.createContent().addMediaType(ApiDoc.JSON,
                    OASFactory.createMediaType().schema(error)));
        } else if (json.getSchema() == null) {
            json.setSchema(error);
        } else if (!error.getRef().equals(json.getSchema().getRef())) {
            json.setSchema(OASFactory.createSchema().addOneOf(json.getSchema()).addOneOf(error));
        }
    }

    private static Header retryAfter() {
        return OASFactory.createHeader().description("Seconds to wait before trying again ("
                + DatabaseUnavailableMapper.RETRY_AFTER_SECONDS + " when the database cannot be reached).")
                .schema(OASFactory.createSchema().addType(Schema.SchemaType.INTEGER));
    }
}
