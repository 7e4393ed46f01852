package io.latchkey.openapi;

import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.OpenAPI;

/** The generator takes one filter: this one runs each answer every operation shares (see the classes). */
public final class LatchkeyOpenApiFilter implements OASFilter {

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        new RealmNotFoundFilter().filterOpenAPI(openAPI);
        new DatabaseUnavailableFilter().filterOpenAPI(openAPI);
        new ApiKeyRefusalsFilter().filterOpenAPI(openAPI);
    }
}
