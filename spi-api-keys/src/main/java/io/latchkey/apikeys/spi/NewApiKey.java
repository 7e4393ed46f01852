package io.latchkey.apikeys.spi;

import java.time.Instant;
import java.util.List;

import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

/** A validated request for a new key; the provider trusts it (the REST layer has checked permissions). */
public record NewApiKey(
        String name,
        UserModel owner,
        OrganizationModel organization,
        List<RoleModel> roles,
        boolean rolesOwnerBound,
        String environment,
        Instant expiresAt,
        List<String> allowedIps,
        String integration,
        String notes,
        UserModel createdBy) {
}
