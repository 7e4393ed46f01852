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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.DuplicateServiceException;
import io.latchkey.vault.spi.StoredCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/** {@code /realms/{realm}/credential-vault/credentials}: seed 000's {@code /users/api-keys/}, for the token's user. */
@Tag(name = "Credential vault")
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
    @Operation(summary = "List the caller's stored credentials (never the secrets)")
    public List<CredentialRepresentation> list() {
        permissions.requireRead();
        return vault.list(realm, user).stream().map(CredentialRepresentation::of).toList();
    }

    @POST
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Store a credential for a service; 400 if the caller already has one for it")
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
            description = "200 {\"status\": \"valid\"}; 404 {\"status\": \"not_found\"} when none is stored; 409"
                    + " {\"status\": \"undecryptable\"} when the stored one cannot be decrypted.")
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
    @Operation(summary = "Names of the services the caller has stored credentials for")
    public List<String> services() {
        permissions.requireRead();
        return vault.list(realm, user).stream().map(StoredCredential::serviceName).toList();
    }

    /** One of the caller's credentials; anyone else's, or none, is 404 {@code Not found}. */
    @Path("{id}")
    public CredentialResource credential(@PathParam("id") String id) {
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
}
