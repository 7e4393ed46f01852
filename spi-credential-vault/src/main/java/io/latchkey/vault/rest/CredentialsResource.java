package io.latchkey.vault.rest;

import java.net.URI;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.DuplicateServiceException;
import io.latchkey.vault.spi.StoredCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/**
 * {@code /realms/{realm}/credential-vault/credentials}: the caller's own credentials, with the legacy credential
 * service's {@code /users/api-keys/} shapes and messages so its clients keep working.
 */
@Tag(name = "Credential vault")
@SecurityRequirement(name = ApiDoc.BEARER)
@SecurityRequirement(name = ApiDoc.API_KEY)
@APIResponse(responseCode = "401", description = "No credential, or one that is not valid.",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
@APIResponse(responseCode = "503", description = "The server has no encryption key for this realm's vault; ask the"
        + " operator.", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
public final class CredentialsResource {

    static final String DUPLICATE = "API key with this service name already exists";

    private final KeycloakSession session;
    private final RealmModel realm;
    private final VaultPermissionEvaluator permissions;
    private final UserModel user;
    private final CredentialVaultProvider vault;

    CredentialsResource(KeycloakSession session, RealmModel realm, VaultPermissionEvaluator permissions) {
        this.session = session;
        this.realm = realm;
        this.permissions = permissions;
        this.user = permissions.caller().user();
        this.vault = session.getProvider(CredentialVaultProvider.class);
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "List the caller's stored credentials (never the secrets)",
            description = "Needs latchkey:vault:read.")
    @APIResponse(responseCode = "200", description = "The caller's credentials, oldest first.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = CredentialRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<CredentialRepresentation> list() {
        permissions.requireRead();
        return vault.list(realm, user).stream().map(CredentialRepresentation::of).toList();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a credential for a service",
            description = "Needs latchkey:vault:write. One credential per service: a second one for the same service"
                    + " is a field error on service_name (400), as the legacy credential service answered.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = CredentialRequest.Body.class)))
    @APIResponse(responseCode = "201", description = "Stored; the secret is not shown back.",
            headers = @Header(name = "Location", description = "The new credential's id, relative to this URL.",
                    schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(implementation = CredentialRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, fields that are not valid, a service not"
            + " in the catalog, or a credential already stored for the service.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:write.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response create(String body) {
        permissions.requireWrite();
        CredentialInput input = CredentialRequest.parse(JsonBody.object(session, body), VaultRealmSettings.catalog(realm));
        StoredCredential created;
        try {
            created = vault.create(realm, user, input);
        } catch (DuplicateServiceException e) {
            throw duplicate();
        }
        written(EventType.UPDATE_CREDENTIAL, created.serviceName(), "create");
        return Response.created(URI.create(created.id()))
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(CredentialRepresentation.of(created))
                .build();
    }

    @POST
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the caller has a usable credential for a service",
            description = "Needs latchkey:vault:read. Usable means stored and decryptable; the secret is not shown.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = VerifyRequest.class)))
    @APIResponse(responseCode = "200", description = "A usable credential is stored.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(name = "VaultVerified", type = SchemaType.OBJECT,
                    requiredProperties = "status", properties = @SchemaProperty(name = "status",
                            type = SchemaType.STRING, enumeration = "valid"))))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = "No credential is stored for the service.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(name = "VaultNotStored", type = SchemaType.OBJECT,
                    requiredProperties = {"status", "detail"}, properties = {
                            @SchemaProperty(name = "status", type = SchemaType.STRING, enumeration = "not_found"),
                            @SchemaProperty(name = "detail", type = SchemaType.STRING)})))
    @APIResponse(responseCode = "409", description = "The stored secret cannot be decrypted (encrypted for another"
            + " row or with a key the server no longer has); store it again.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CredentialVaultResource.Undecryptable.class)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response verify(String body) {
        permissions.requireRead();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of(CredentialRequest.SERVICE_NAME));
        String service = errors.string(json, CredentialRequest.SERVICE_NAME, true, "Service name is required",
                CredentialRequest.MAX_SERVICE_NAME);
        errors.throwIfAny();
        try {
            if (vault.readSecret(realm, user, service).isEmpty()) {
                return Response.status(Response.Status.NOT_FOUND).type(MediaType.APPLICATION_JSON_TYPE)
                        .entity(Map.of("status", "not_found",
                                "detail", "No credential stored for service '" + service + "'"))
                        .build();
            }
        } catch (UndecryptableCredentialException e) {
            return CredentialVaultResource.undecryptable(e);
        }
        return Response.ok(Map.of("status", "valid"), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("services")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Names of the services the caller has stored credentials for",
            description = "Needs latchkey:vault:read.")
    @APIResponse(responseCode = "200", description = "Service names, oldest credential first.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = String.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<String> services() {
        permissions.requireRead();
        return vault.list(realm, user).stream().map(StoredCredential::serviceName).toList();
    }

    /** One of the caller's credentials; anyone else's, or none, is 404 {@code Not found}. */
    @Path("{id}")
    public CredentialResource credential(
            @Parameter(description = "The credential's id, as listed.") @PathParam("id") String id) {
        permissions.requireAny();
        StoredCredential credential = vault.findById(realm, user, id)
                .orElseThrow(() -> ApiErrors.error(Response.Status.NOT_FOUND, CredentialVaultResource.NOT_FOUND));
        return new CredentialResource(this, credential);
    }

    RealmModel realm() {
        return realm;
    }

    UserModel user() {
        return user;
    }

    CredentialVaultProvider vault() {
        return vault;
    }

    KeycloakSession session() {
        return session;
    }

    VaultPermissionEvaluator permissions() {
        return permissions;
    }

    jakarta.ws.rs.WebApplicationException duplicate() {
        return ApiErrors.validation(Map.of(CredentialRequest.SERVICE_NAME, List.of(DUPLICATE)));
    }

    void written(EventType type, String service, String operation) {
        VaultEvents.event(session, realm, type, user, permissions.caller().client(), service)
                .detail("operation", operation)
                .success();
    }

    /** The verify body, for the OpenAPI document; {@link #verify} reads it field by field. */
    @Schema(name = "VaultVerifyRequest", additionalProperties = Schema.False.class, requiredProperties = "service_name")
    record VerifyRequest(@Schema(minLength = 1, maxLength = CredentialRequest.MAX_SERVICE_NAME) String service_name) {
    }
}
