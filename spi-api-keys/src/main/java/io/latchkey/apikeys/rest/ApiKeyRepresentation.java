package io.latchkey.apikeys.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.organization.OrganizationProvider;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import io.latchkey.apikeys.spi.ApiKeyModel;

/**
 * An API key as callers see it: never the secret, except {@code key} in the one response that creates or regenerates
 * it. Timestamps are ISO-8601 UTC; roles are written as in requests ({@code role} or {@code client-id:role}).
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record ApiKeyRepresentation(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("prefix") String prefix,
        @JsonProperty("environment") String environment,
        @JsonProperty("owner") String owner,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("organization") String organization,
        @JsonProperty("roles") List<String> roles,
        @JsonProperty("roles_follow_owner") boolean rolesFollowOwner,
        @JsonProperty("allowed_ips") List<String> allowedIps,
        @JsonProperty("integration") String integration,
        @JsonProperty("notes") String notes,
        @JsonProperty("is_active") boolean active,
        @JsonProperty("status") String status,
        @JsonProperty("created_at") String createdAt,
        @JsonProperty("expires_at") String expiresAt,
        @JsonProperty("revoked_at") String revokedAt,
        @JsonProperty("revoked_reason") String revokedReason,
        @JsonProperty("last_used_at") String lastUsedAt,
        @JsonProperty("last_used_ip") String lastUsedIp,
        @JsonProperty("usage_count") long usageCount,
        @JsonProperty("previous_key_valid_until") String previousKeyValidUntil,
        @JsonProperty("key") @JsonInclude(JsonInclude.Include.NON_NULL) String key) {

    static ApiKeyRepresentation of(KeycloakSession session, RealmModel realm, ApiKeyModel model, String secret) {
        return new ApiKeyRepresentation(model.id(), model.name(), model.displayPrefix(), model.environment(),
                model.ownerUsername(), model.ownerId(), organizationAlias(session, realm, model.organizationId()),
                roleNames(session, realm, model.roleIds()), model.rolesOwnerBound(), model.allowedIps(), model.integration(), model.notes(),
                model.active(), model.status(Instant.now()), iso(model.createdAt()), iso(model.expiresAt()),
                iso(model.revokedAt()), model.revokedReason(), iso(model.lastUsedAt()), model.lastUsedIp(),
                model.usageCount(), iso(model.previousKeyValidUntil()), secret);
    }

    /** {@code name} for a realm role, {@code client-id:name} for a client role. */
    static String roleName(RoleModel role) {
        return role.isClientRole() ? ((ClientModel) role.getContainer()).getClientId() + ":" + role.getName()
                : role.getName();
    }

    private static List<String> roleNames(KeycloakSession session, RealmModel realm, List<String> roleIds) {
        List<String> names = new ArrayList<>();
        for (String id : roleIds) {
            RoleModel role = session.roles().getRoleById(realm, id);
            if (role != null) {
                names.add(roleName(role));
            }
        }
        return names;
    }

    static String organizationAlias(KeycloakSession session, RealmModel realm, String organizationId) {
        if (organizationId == null || !realm.isOrganizationsEnabled()) {
            return null;
        }
        OrganizationModel organization = session.getProvider(OrganizationProvider.class).getById(organizationId);
        return organization == null ? null : organization.getAlias();
    }

    static String iso(Instant instant) {
        return instant == null ? null : instant.toString();
    }
}
