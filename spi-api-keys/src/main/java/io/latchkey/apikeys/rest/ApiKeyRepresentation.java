package io.latchkey.apikeys.rest;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.common.util.Time;
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
@Schema(name = "ApiKey", description = "An API key, never with its secret but in the response that creates or"
        + " regenerates it. Timestamps are ISO-8601 UTC.", requiredProperties = {"id", "name", "prefix",
                "environment", "owner", "owner_id", "organization", "roles", "roles_follow_owner", "allowed_ips",
                "integration", "notes", "is_active", "status", "created_at", "expires_at", "revoked_at",
                "revoked_reason", "last_used_at", "last_used_ip", "usage_count", "previous_key_valid_until"})
public record ApiKeyRepresentation(
        @JsonProperty("id") String id,
        @JsonProperty("name") String name,
        @JsonProperty("prefix") @Schema(description = "The key's first characters followed by '...', to recognize"
                + " it.") String prefix,
        @JsonProperty("environment") @Schema(nullable = true, description = "The environment segment of the key"
                + " (e.g. live, test); null when the realm's keys have none.") String environment,
        @JsonProperty("owner") @Schema(description = "The owner's username (a service account's is"
                + " service-account-<client id>).") String owner,
        @JsonProperty("owner_id") String ownerId,
        @JsonProperty("organization") @Schema(nullable = true, description = "The organization's alias.")
        String organization,
        @JsonProperty("roles") @Schema(description = "Realm roles as 'role', client roles as 'client-id:role';"
                + " empty for a key that only verifies.") List<String> roles,
        @JsonProperty("roles_follow_owner") @Schema(description = "Whether the key uses only those of its roles"
                + " its owner still holds (keys users make for themselves); keys admins make keep theirs.")
        boolean rolesFollowOwner,
        @JsonProperty("allowed_ips") @Schema(description = "Addresses and CIDR ranges the key may be used from;"
                + " empty for anywhere.") List<String> allowedIps,
        @JsonProperty("integration") @Schema(nullable = true) String integration,
        @JsonProperty("notes") @Schema(nullable = true) String notes,
        @JsonProperty("is_active") @Schema(description = "False once revoked.") boolean active,
        @JsonProperty("status") @Schema(enumeration = {"ACTIVE", "REVOKED", "EXPIRED"}) String status,
        @JsonProperty("created_at") @Schema(format = "date-time") String createdAt,
        @JsonProperty("expires_at") @Schema(nullable = true, format = "date-time") String expiresAt,
        @JsonProperty("revoked_at") @Schema(nullable = true, format = "date-time") String revokedAt,
        @JsonProperty("revoked_reason") @Schema(nullable = true, description = "e.g. revoked_by_owner,"
                + " revoked_by_admin, owner_deleted.") String revokedReason,
        @JsonProperty("last_used_at") @Schema(nullable = true, format = "date-time") String lastUsedAt,
        @JsonProperty("last_used_ip") @Schema(nullable = true) String lastUsedIp,
        @JsonProperty("usage_count") long usageCount,
        @JsonProperty("previous_key_valid_until") @Schema(nullable = true, format = "date-time",
                description = "Until when the secret replaced by the last regeneration still works.")
        String previousKeyValidUntil,
        @JsonProperty("key") @JsonInclude(JsonInclude.Include.NON_NULL) @Schema(description = "The whole key: only"
                + " in the response that creates or regenerates it, shown this once.") String key) {

    static ApiKeyRepresentation of(KeycloakSession session, RealmModel realm, ApiKeyModel model, String secret) {
        return new ApiKeyRepresentation(model.id(), model.name(), model.displayPrefix(), model.environment(),
                model.ownerUsername(), model.ownerId(), organizationAlias(session, realm, model.organizationId()),
                roleNames(session, realm, model.roleIds()), model.rolesOwnerBound(), model.allowedIps(), model.integration(), model.notes(),
                model.active(), model.status(Instant.ofEpochMilli(Time.currentTimeMillis())), iso(model.createdAt()), iso(model.expiresAt()),
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
