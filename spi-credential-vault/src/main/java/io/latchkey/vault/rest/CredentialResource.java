package io.latchkey.vault.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
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

import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.DuplicateServiceException;
import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/** {@code /realms/{realm}/credential-vault/credentials/{id}}: one credential of the caller's. */
@Tag(name = "Credential vault")
@SecurityRequirement(name = ApiDoc.BEARER)
@SecurityRequirement(name = ApiDoc.API_KEY)
@APIResponse(responseCode = "401", description = "No credential, or one that is not valid.",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
@APIResponse(responseCode = "404", description = "No credential of the caller's has this id (another user's is not"
        + " found either).", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
@APIResponse(responseCode = "503", description = "The server has no encryption key for this realm's vault; ask the"
        + " operator.", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
public final class CredentialResource {

    private final CredentialsResource parent;
    private final StoredCredential credential;

    CredentialResource(CredentialsResource parent, StoredCredential credential) {
        this.parent = parent;
        this.credential = credential;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One of the caller's credentials (never the secret)",
            description = "Needs latchkey:vault:read.")
    @APIResponse(responseCode = "200", description = "The credential.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = CredentialRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public CredentialRepresentation get() {
        parent.permissions().requireRead();
        return CredentialRepresentation.of(credential);
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the credential: every field, as on create",
            description = "Needs latchkey:vault:write. A field left out is cleared (a full update, as the legacy"
                    + " credential service did); moving it to a service the caller already has is a field error on"
                    + " service_name.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = CredentialRequest.Body.class)))
    @APIResponse(responseCode = "200", description = "Replaced; the secret is not shown back.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CredentialRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, fields that are not valid, a service not"
            + " in the catalog, or another credential already stored for the service.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:write.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public CredentialRepresentation replace(String body) {
        parent.permissions().requireWrite();
        CredentialInput input = CredentialRequest.parse(JsonBody.object(parent.session(), body),
                VaultRealmSettings.catalog(parent.realm()));
        StoredCredential replaced;
        try {
            replaced = parent.vault().replace(parent.realm(), parent.user(), credential.id(), input)
                    .orElseThrow(() -> ApiErrors.error(Response.Status.NOT_FOUND, CredentialVaultResource.NOT_FOUND));
        } catch (DuplicateServiceException e) {
            throw parent.duplicate();
        }
        parent.written(EventType.UPDATE_CREDENTIAL, replaced.serviceName(), "replace");
        return CredentialRepresentation.of(replaced);
    }

    @DELETE
    @Operation(summary = "Delete the credential", description = "Needs latchkey:vault:write.")
    @APIResponse(responseCode = "204", description = "Deleted.")
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:write.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "A body was sent, and not as application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response delete() {
        parent.permissions().requireWrite();
        parent.vault().deleteById(parent.realm(), parent.user(), credential.id());
        parent.written(EventType.REMOVE_CREDENTIAL, credential.serviceName(), "delete");
        return Response.noContent().build();
    }

    @GET
    @Path("secret")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The decrypted secret, only where the realm lets owners read their secrets back",
            description = "Needs latchkey:vault:read, and the realm setting owner_can_read_secret (off by default:"
                    + " stored secrets are write-only). Every read is recorded as an IDENTITY_PROVIDER_RETRIEVE_TOKEN"
                    + " event.")
    @APIResponse(responseCode = "200", description = "The credential with its secret.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = SecretRepresentation.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:vault:read, or stored"
            + " secrets are write-only in this realm.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The stored secret cannot be decrypted (encrypted for another"
            + " row or with a key the server no longer has); store it again.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = CredentialVaultResource.Undecryptable.class)))
    public Response secret() {
        parent.permissions().requireRead();
        if (!VaultRealmSettings.ownerCanReadSecret(parent.realm())) {
            throw ApiErrors.error(Response.Status.FORBIDDEN, "Stored secrets are write-only in this realm");
        }
        RevealedCredential revealed;
        try {
            revealed = parent.vault().revealById(parent.realm(), parent.user(), credential.id())
                    .orElseThrow(() -> ApiErrors.error(Response.Status.NOT_FOUND, CredentialVaultResource.NOT_FOUND));
        } catch (UndecryptableCredentialException e) {
            return CredentialVaultResource.undecryptable(e);
        }
        VaultEvents.event(parent.session(), parent.realm(), EventType.IDENTITY_PROVIDER_RETRIEVE_TOKEN, parent.user(),
                parent.permissions().caller().client(), credential.serviceName()).detail("reader", "owner").success();
        return Response.ok(SecretRepresentation.of(parent.user().getId(), revealed),
                MediaType.APPLICATION_JSON_TYPE).build();
    }
}
