package io.latchkey.vault.rest;

import java.util.List;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;

import io.latchkey.common.rest.BearerAuth;
import io.latchkey.vault.catalog.ServiceCatalog;

/** {@code /realms/{realm}/credential-vault}: a user's credentials for third-party services. */
@Tag(name = "Credential vault", description = "Per-user third-party service credentials, encrypted at rest")
public final class CredentialVaultResource {

    private final KeycloakSession session;

    public CredentialVaultResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Path("catalog")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Services a credential may be stored for, with their required and optional fields")
    public List<ServiceRepresentation> catalog() {
        BearerAuth.require(session);
        return ServiceCatalog.DEFAULT.services().stream().map(ServiceRepresentation::of).toList();
    }
}
