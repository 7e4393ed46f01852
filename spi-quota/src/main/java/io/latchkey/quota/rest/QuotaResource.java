package io.latchkey.quota.rest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.latchkey.common.rest.BearerAuth;

/** {@code /realms/{realm}/quota}: the caller's plan and remaining quotas. */
@Tag(name = "Quota", description = "Plans and quotas")
public final class QuotaResource {

    private final KeycloakSession session;

    public QuotaResource(KeycloakSession session) {
        this.session = session;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's plan and, per quota, limit, used, remaining and reset time")
    public UserQuotaRepresentation mine() {
        AuthResult auth = BearerAuth.require(session);
        return UserQuotaRepresentation.of(session, session.getContext().getRealm(), auth.user());
    }
}
