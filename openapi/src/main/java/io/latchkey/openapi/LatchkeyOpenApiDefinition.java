package io.latchkey.openapi;

import jakarta.ws.rs.core.Application;

import org.eclipse.microprofile.openapi.annotations.Components;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.enums.SecuritySchemeType;
import org.eclipse.microprofile.openapi.annotations.info.Info;
import org.eclipse.microprofile.openapi.annotations.info.License;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.security.SecurityScheme;
import org.eclipse.microprofile.openapi.annotations.servers.Server;

import io.latchkey.common.rest.ApiDoc;

/**
 * The OpenAPI document's shared parts: the error schemas and the security schemes every operation names
 * ({@link ApiDoc}). The generator reads a definition from a JAX-RS {@link Application}; this one is never deployed
 * (Keycloak is the application), it lives in the openapi module, whose jar never goes to providers/.
 */
@OpenAPIDefinition(
        info = @Info(title = "Latchkey", version = "see infoVersion in the openapi POM",
                license = @License(name = "Apache-2.0", identifier = "Apache-2.0")),
        servers = @Server(url = "http://localhost:8080", description = "The Keycloak server Latchkey runs in; the"
                + " document served by a running server names that server instead."),
        components = @Components(schemas = {
            @Schema(name = ApiDoc.BAD_REQUEST, description = "A body that is not one JSON object (Error), or fields"
                    + " that are not valid (FieldErrors).", oneOf = {LatchkeyOpenApiDefinition.ErrorBody.class,
                        LatchkeyOpenApiDefinition.FieldErrorsBody.class}),
            @Schema(name = ApiDoc.ADMIN_ERROR, description = "Keycloak's own body (KeycloakError) when the caller"
                    + " lacks the realm permission Keycloak checks first or the realm does not exist, or Latchkey's"
                    + " (Error) when a finer check refuses or the object does not exist.", oneOf = {LatchkeyOpenApiDefinition.ErrorBody.class,
                        LatchkeyOpenApiDefinition.KeycloakErrorBody.class})
        }))
@SecurityScheme(securitySchemeName = ApiDoc.BEARER, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token of the realm, from its OpenID Connect token endpoint."
                + " Its audience must include the realm's Latchkey audience (latchkey by default); which Latchkey"
                + " roles it needs is said per operation.")
@SecurityScheme(securitySchemeName = ApiDoc.API_KEY, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "Latchkey API key", description = "One of the realm's API keys, sent as"
                + " 'Authorization: Bearer <prefix>_<secret>'.")
@SecurityScheme(securitySchemeName = ApiDoc.ADMIN, type = SecuritySchemeType.HTTP, scheme = "bearer",
        bearerFormat = "JWT", description = "An access token of a realm administrator (for example from the master"
                + " realm's admin-cli), authorized by Keycloak's admin permissions as said per operation.")
public abstract class LatchkeyOpenApiDefinition extends Application {

    @Schema(name = ApiDoc.ERROR, description = "A request-level error: one sentence saying what was wrong.",
            additionalProperties = Schema.True.class)
    abstract static class ErrorBody {
        @Schema(required = true)
        public String detail;
    }

    @Schema(name = ApiDoc.FIELD_ERRORS, type = SchemaType.OBJECT, minProperties = 1,
            description = "Validation errors: each offending field with its messages, every problem at once.",
            additionalProperties = LatchkeyOpenApiDefinition.FieldMessages.class)
    abstract static class FieldErrorsBody {
    }

    /** The messages of one field in {@link ApiDoc#FIELD_ERRORS}. */
    @Schema(type = SchemaType.ARRAY, implementation = String.class, minItems = 1)
    abstract static class FieldMessages {
    }

    @Schema(name = ApiDoc.KEYCLOAK_ERROR, description = "Keycloak's own error body, when Keycloak refuses a request"
            + " before Latchkey sees it.")
    abstract static class KeycloakErrorBody {
        @Schema(required = true)
        public String error;
        @Schema(name = "error_description")
        public String errorDescription;
    }
}
