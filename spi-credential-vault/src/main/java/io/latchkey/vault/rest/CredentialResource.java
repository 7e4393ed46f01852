package io.latchkey.vault.rest;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.EventType;

import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.vault.spi.CredentialInput;
import io.latchkey.vault.spi.DuplicateServiceException;
import io.latchkey.vault.spi.RevealedCredential;
import io.latchkey.vault.spi.StoredCredential;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/** {@code /realms/{realm}/credential-vault/credentials/{id}}: one credential of the caller's. */
@Tag(name = "Credential vault")
public final class CredentialResource {

    private final CredentialsResource parent;
    private final StoredCredential credential;

    CredentialResource(CredentialsResource parent, StoredCredential credential) {
        this.parent = parent;
        this.credential = credential;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One of the caller's credentials (never the secret)")
    public CredentialRepresentation get() {
        parent.permissions().requireRead();
        return CredentialRepresentation.of(credential);
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the credential: every field, as in seed 000's full update")
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
    @Operation(summary = "Delete the credential")
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
            description = "403 unless an admin enabled owner_can_read_secret in the vault's realm settings.")
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
