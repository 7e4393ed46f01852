package io.latchkey.vault.rest;

import java.util.List;
import java.util.Map;

import jakarta.ws.rs.GET;
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
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.BearerAuth;
import io.latchkey.vault.spi.CredentialVaultProvider;
import io.latchkey.vault.spi.KeysetUnavailableException;
import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/** {@code /realms/{realm}/credential-vault}: a user's credentials for third-party services. */
@Tag(name = "Credential vault", description = "Per-user third-party service credentials, encrypted at rest")
@SecurityRequirement(name = ApiDoc.BEARER)
@APIResponse(responseCode = "401", description = "No credential, or one that is not valid.",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
public final class CredentialVaultResource {

    /** The realm role a confidential client's service account needs to read users' decrypted credentials. */
    public static final String READER_ROLE = "credential-vault-reader";

    static final String NOT_FOUND = "Not found";

    private final KeycloakSession session;
    private final RealmModel realm;

    public CredentialVaultResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("catalog")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Services a credential may be stored for, with their required and optional fields",
            description = "Needs latchkey:vault:read. The realm's catalog, in the order its administrators gave.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "The realm's services.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ServiceRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<ServiceRepresentation> catalog() {
        new VaultPermissionEvaluator(BearerAuth.require(session)).requireRead();
        return VaultRealmSettings.catalog(realm).services().stream().map(ServiceRepresentation::of).toList();
    }

    /**
     * The caller's own credentials; every path below requires the caller's bearer token, and answers 503 when the
     * realm's vault key is missing (nothing could be encrypted or read).
     */
    @Path("credentials")
    public CredentialsResource credentials() {
        VaultPermissionEvaluator permissions = new VaultPermissionEvaluator(BearerAuth.require(session));
        requireKeys(session, realm);
        return new CredentialsResource(session, realm, permissions);
    }

    @GET
    @Path("users/{user_id}/credentials/{service_name}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Decrypted credential of one user for one service, for backend services",
            description = "Needs an access token of a confidential client's service account holding the realm role '"
                    + READER_ROLE + "' (never an API key). Every read is recorded as an"
                    + " IDENTITY_PROVIDER_RETRIEVE_TOKEN event.")
    @APIResponse(responseCode = "200", description = "The user's credential for the service, with its secret.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = SecretRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The caller is not the service account of a confidential client"
            + " holding " + READER_ROLE + ".",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = "No such user, or the user has no credential for that service.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The stored secret cannot be decrypted (encrypted for another"
            + " row or with a key the server no longer has); store it again.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CredentialVaultResource.Undecryptable.class)))
    @APIResponse(responseCode = "503", description = "The server has no encryption key for this realm's vault; ask the"
            + " operator.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response readForBackend(
            @Parameter(description = "Keycloak id of the user.") @PathParam("user_id") String userId,
            @Parameter(description = "The service's name in the catalog.") @PathParam("service_name") String service) {
        VaultPermissionEvaluator permissions = new VaultPermissionEvaluator(BearerAuth.require(session));
        permissions.requireBackendRead(realm);
        ClientModel reader = permissions.caller().client();
        requireKeys(session, realm);

        UserModel user = session.users().getUserById(realm, userId);
        EventBuilder event = VaultEvents.event(session, realm, EventType.IDENTITY_PROVIDER_RETRIEVE_TOKEN, user,
                reader, service).detail("reader", permissions.caller().user().getUsername());
        if (user == null) {
            event.user(userId).error(Errors.USER_NOT_FOUND);
            throw ApiErrors.error(Response.Status.NOT_FOUND, NOT_FOUND);
        }
        RevealedCredential revealed;
        try {
            revealed = session.getProvider(CredentialVaultProvider.class).reveal(realm, user, service).orElse(null);
        } catch (UndecryptableCredentialException e) {
            event.error("credential_undecryptable");
            return undecryptable(e);
        }
        if (revealed == null) {
            event.error("credential_not_found");
            throw ApiErrors.error(Response.Status.NOT_FOUND, NOT_FOUND);
        }
        event.success();
        return Response.ok(SecretRepresentation.of(user.getId(), revealed), MediaType.APPLICATION_JSON).build();
    }

    /** 503 when the operator has given the server no key for this realm: nothing can be encrypted or read. */
    static void requireKeys(KeycloakSession session, RealmModel realm) {
        if (!session.getProvider(CredentialVaultProvider.class).isAvailable(realm)) {
            throw ApiErrors.error(Response.Status.SERVICE_UNAVAILABLE,
                    new KeysetUnavailableException(realm.getName()).getMessage());
        }
    }

    /** The 409 body of {@link #undecryptable}, for the OpenAPI document. */
    @Schema(name = "VaultUndecryptable", requiredProperties = {"status", "detail"})
    record Undecryptable(@Schema(enumeration = "undecryptable") String status, String detail) {
    }

    static Response undecryptable(UndecryptableCredentialException e) {
        return Response.status(Response.Status.CONFLICT)
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("status", "undecryptable",
                        "detail", e.getMessage() + ": it was encrypted for another row or with a key the server no"
                                + " longer has. Store it again."))
                .build();
    }
}
