package io.latchkey.apikeys.rest;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.keycloak.common.util.Time;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.apikeys.lifetime.LifetimePolicy;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.NewApiKey;
import io.latchkey.common.net.CidrRange;
import io.latchkey.common.rest.FieldErrors;

/**
 * A create request, validated field by field (every problem reported at once, nothing stored on any). Self-service
 * and admin share it; only admins may name an {@code owner} or {@code service_account}.
 */
record ApiKeyRequest(String name, List<RoleModel> roles, String environment, Instant expiresAt,
        List<String> allowedIps, String integration, String notes, OrganizationModel organization, UserModel owner) {

    static final int MAX_NAME = 100;
    static final int MAX_NOTES = 1000;
    static final int MAX_INTEGRATION = 100;
    static final int MAX_ROLES = 50;
    static final int MAX_IP_RANGES = 50;

    static final List<String> SELF_FIELDS = List.of("name", "roles", "environment", "expires_at", "allowed_ips",
            "integration", "notes", "organization");
    static final List<String> ADMIN_FIELDS = List.of("name", "roles", "environment", "expires_at", "allowed_ips",
            "integration", "notes", "organization", "owner", "service_account");

    /**
     * @param caller the key's owner for self-service; null for admin requests, whose owner comes from the body
     */
    static ApiKeyRequest parse(KeycloakSession session, RealmModel realm, ObjectNode json, UserModel caller,
            FieldErrors errors) {
        errors.rejectUnknown(json, caller == null ? ADMIN_FIELDS : SELF_FIELDS);
        String name = errors.string(json, "name", true, "Name is required.", MAX_NAME);
        List<RoleModel> roles = roles(realm, json, errors);
        String environment = environment(realm, json, errors);
        Instant expiresAt = expiresAt(json, errors);
        if (!errors.has("expires_at")) {
            expiresAt = withinPolicy(realm, expiresAt, caller != null, errors);
        }
        List<String> allowedIps = allowedIps(json, errors);
        String integration = errors.string(json, "integration", false, null, MAX_INTEGRATION);
        String notes = errors.string(json, "notes", false, null, MAX_NOTES);
        UserModel owner = caller != null ? caller : owner(session, realm, json, errors);
        OrganizationModel organization = organization(session, realm, json, caller, errors);
        return new ApiKeyRequest(name, roles, environment, expiresAt, allowedIps, integration, notes, organization,
                owner);
    }

    /** The key to store: for {@code owner} (the caller, or the admin's choice), made by {@code createdBy}. */
    NewApiKey toNewKey(UserModel keyOwner, boolean rolesOwnerBound, UserModel createdBy) {
        return new NewApiKey(name, keyOwner, organization, roles, rolesOwnerBound, environment, expiresAt, allowedIps,
                integration, notes, createdBy);
    }

    /** Roles by name: {@code role} is a realm role, {@code client-id:role} a client role. */
    static RoleModel role(RealmModel realm, String name) {
        RoleModel role = realm.getRole(name);
        if (role != null) {
            return role;
        }
        int colon = name.indexOf(':');
        if (colon <= 0) {
            return null;
        }
        ClientModel client = realm.getClientByClientId(name.substring(0, colon));
        return client == null ? null : client.getRole(name.substring(colon + 1));
    }

    /**
     * The key's roles; none when {@code roles} is absent, null or {@code []}. A key without roles is still a key: a
     * gateway or service checks it with verify (which names its owner), as gateways checked the legacy key service's
     * keys. It simply grants nothing of its own: every Latchkey endpoint asks for a
     * {@code latchkey:<role>} the key does not carry (403), and a token exchanged from it carries no roles. So a user
     * whose only roles are the realm's defaults, or a realm whose admin took Latchkey's roles out of the defaults, can
     * still make the key a gateway needs; and nothing a roles-less key can do escapes what its owner could do. Each
     * role given is still checked by the caller's rules (a user must hold it, an admin must be able to map it).
     */
    private static List<RoleModel> roles(RealmModel realm, ObjectNode json, FieldErrors errors) {
        List<String> names = stringArray(json, "roles", errors, MAX_ROLES, 255);
        if (names == null) {
            return List.of();
        }
        Set<RoleModel> roles = new LinkedHashSet<>();
        for (String name : names) {
            RoleModel role = role(realm, name);
            if (role == null) {
                errors.add("roles", "Unknown role '" + name + "'.");
            } else {
                roles.add(role);
            }
        }
        return new ArrayList<>(roles);
    }

    private static String environment(RealmModel realm, ObjectNode json, FieldErrors errors) {
        KeyFormat format = ApiKeySettings.of(realm).format();
        String environment = errors.string(json, "environment", false, null, 16);
        if (format.environments().isEmpty()) {
            if (environment != null) {
                errors.add("environment", "This realm's keys have no environment.");
            }
            return null;
        }
        if (environment == null) {
            return errors.has("environment") ? null : format.environments().get(0);
        }
        if (!format.environments().contains(environment)) {
            errors.add("environment", "Must be one of: " + String.join(", ", format.environments()) + ".");
            return null;
        }
        return environment;
    }

    /** {@code YYYY-MM-DD} (the key works through that day, UTC) or an ISO-8601 date-time with offset. */
    private static Instant expiresAt(ObjectNode json, FieldErrors errors) {
        String value = errors.string(json, "expires_at", false, null, 40);
        if (value == null) {
            return null;
        }
        Instant expiresAt;
        try {
            expiresAt = value.length() == 10
                    ? LocalDate.parse(value).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC)
                    : OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            errors.add("expires_at", "Must be a date (YYYY-MM-DD) or an ISO-8601 date-time with offset.");
            return null;
        }
        if (!expiresAt.isAfter(Instant.ofEpochMilli(Time.currentTimeMillis()))) {
            errors.add("expires_at", "Must be in the future.");
            return null;
        }
        return expiresAt;
    }

    /**
     * The realm's lifetime policy applied to the requested expiry: refused in words when too far or missing where
     * required, the realm's maximum when none was asked for and a maximum is set.
     */
    private static Instant withinPolicy(RealmModel realm, Instant requested, boolean selfService,
            FieldErrors errors) {
        LifetimePolicy.Decision decision = ApiKeySettings.lifetime(realm).newKeyExpiry(requested,
                Instant.ofEpochMilli(Time.currentTimeMillis()), selfService);
        if (decision.refused()) {
            errors.add("expires_at", decision.refusal());
            return null;
        }
        return decision.expiresAt();
    }

    private static List<String> allowedIps(ObjectNode json, FieldErrors errors) {
        List<String> values = stringArray(json, "allowed_ips", errors, MAX_IP_RANGES, 49);
        if (values == null) {
            return List.of();
        }
        List<String> ranges = new ArrayList<>();
        for (String value : values) {
            CidrRange.parse(value).ifPresentOrElse(range -> ranges.add(range.toString()),
                    () -> errors.add("allowed_ips", "'" + value + "' is not an IP address or CIDR range."));
        }
        return ranges;
    }

    private static UserModel owner(KeycloakSession session, RealmModel realm, ObjectNode json, FieldErrors errors) {
        String username = errors.string(json, "owner", false, null, 255);
        String clientId = errors.string(json, "service_account", false, null, 255);
        if (errors.has("owner") || errors.has("service_account")) {
            return null;
        }
        if ((username == null) == (clientId == null)) {
            errors.add("owner", "Give exactly one of owner (a username) or service_account (a client id).");
            return null;
        }
        if (username != null) {
            UserModel user = session.users().getUserByUsername(realm, username);
            if (user == null || user.getServiceAccountClientLink() != null) {
                errors.add("owner", "Unknown user '" + username + "'.");
            }
            return user;
        }
        ClientModel client = realm.getClientByClientId(clientId);
        UserModel serviceAccount = client == null ? null : session.users().getServiceAccount(client);
        if (serviceAccount == null) {
            errors.add("service_account", "No client '" + clientId + "' with a service account.");
        }
        return serviceAccount;
    }

    private static OrganizationModel organization(KeycloakSession session, RealmModel realm, ObjectNode json,
            UserModel caller, FieldErrors errors) {
        String alias = errors.string(json, "organization", false, null, 255);
        if (alias == null) {
            return null;
        }
        if (!realm.isOrganizationsEnabled()) {
            errors.add("organization", "Organizations are not enabled in this realm.");
            return null;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel organization = organizations.getByAlias(alias);
        // To a user, an organization they are not in does not exist.
        if (organization == null || (caller != null && !organizations.isMember(organization, caller))) {
            errors.add("organization", "Unknown organization '" + alias + "'.");
            return null;
        }
        return organization;
    }

    /** A JSON array of non-blank strings, or null (with an error when present but wrong). */
    private static List<String> stringArray(ObjectNode json, String field, FieldErrors errors, int maxItems,
            int maxLength) {
        JsonNode node = json.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            errors.add(field, "Must be a list of strings.");
            return null;
        }
        if (node.size() > maxItems) {
            errors.add(field, "Ensure this list has no more than " + maxItems + " items.");
            return null;
        }
        List<String> values = new ArrayList<>();
        for (JsonNode item : node) {
            if (!item.isTextual() || item.textValue().isBlank()) {
                errors.add(field, "Must be a list of strings.");
                return null;
            }
            if (item.textValue().length() > maxLength) {
                errors.add(field, "Ensure each item has no more than " + maxLength + " characters.");
                return null;
            }
            values.add(item.textValue());
        }
        return values;
    }

    /** The body of a user's key creation, for the OpenAPI document; {@link #parse} reads it field by field. */
    @Schema(name = "ApiKeyCreateRequest", additionalProperties = Schema.False.class, requiredProperties = "name")
    record SelfServiceBody(
            @Schema(minLength = 1, maxLength = MAX_NAME, description = "Not blank.") String name,
            @Schema(nullable = true, maxItems = MAX_ROLES, description = "Roles the caller holds: realm roles as"
                    + " 'role', client roles as 'client-id:role' (Latchkey's as 'latchkey:<role>'); see the roles"
                    + " operation; each at most 255 characters. None (absent, null or []) makes a key that only"
                    + " verifies.")
            List<String> roles,
            @Schema(nullable = true, maxLength = 16, description = "One of the realm's environments (the first when"
                    + " absent); must be absent when the realm's keys have none.") String environment,
            @Schema(nullable = true, maxLength = 40, description = "YYYY-MM-DD (the key works through that day, UTC)"
                    + " or an ISO-8601 date-time with offset; in the future, and within the realm's maximum key"
                    + " lifetime when it sets one. Absent: never expires, or expires after the realm's maximum"
                    + " lifetime; refused when the realm requires an expiry.")
            String expires_at,
            @Schema(nullable = true, maxItems = MAX_IP_RANGES, description = "IP addresses or CIDR ranges the key"
                    + " may be used from, each at most 49 characters; absent or empty: anywhere.")
            List<String> allowed_ips,
            @Schema(nullable = true, maxLength = MAX_INTEGRATION) String integration,
            @Schema(nullable = true, maxLength = MAX_NOTES) String notes,
            @Schema(nullable = true, maxLength = 255, description = "Alias of an organization the caller is a member"
                    + " of.") String organization) {
    }

    /** The body of an admin's key creation, for the OpenAPI document; {@link #parse} reads it field by field. */
    @Schema(name = "ApiKeyAdminCreateRequest", additionalProperties = Schema.False.class, requiredProperties = "name",
            description = "Exactly one of owner and service_account.")
    record AdminBody(
            @Schema(minLength = 1, maxLength = MAX_NAME, description = "Not blank.") String name,
            @Schema(nullable = true, maxLength = 255, description = "Username of the key's owner.") String owner,
            @Schema(nullable = true, maxLength = 255, description = "Client id whose service account owns the key.")
            String service_account,
            @Schema(nullable = true, maxItems = MAX_ROLES, description = "Roles the admin may map to users: realm"
                    + " roles as 'role', client roles as 'client-id:role', each at most 255 characters. None (absent,"
                    + " null or []) makes a key that only verifies.")
            List<String> roles,
            @Schema(nullable = true, maxLength = 16, description = "One of the realm's environments (the first when"
                    + " absent); must be absent when the realm's keys have none.") String environment,
            @Schema(nullable = true, maxLength = 40, description = "YYYY-MM-DD (the key works through that day, UTC)"
                    + " or an ISO-8601 date-time with offset; in the future, and within the realm's maximum key"
                    + " lifetime when it sets one. Absent: never expires, or expires after the realm's maximum"
                    + " lifetime.")
            String expires_at,
            @Schema(nullable = true, maxItems = MAX_IP_RANGES, description = "IP addresses or CIDR ranges the key"
                    + " may be used from, each at most 49 characters; absent or empty: anywhere.")
            List<String> allowed_ips,
            @Schema(nullable = true, maxLength = MAX_INTEGRATION) String integration,
            @Schema(nullable = true, maxLength = MAX_NOTES) String notes,
            @Schema(nullable = true, maxLength = 255, description = "Alias of one of the realm's organizations.")
            String organization) {
    }
}
