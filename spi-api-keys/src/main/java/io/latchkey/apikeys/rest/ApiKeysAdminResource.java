package io.latchkey.apikeys.rest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySearch;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.IssuedApiKey;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code /admin/realms/{realm}/api-keys}: every key of the realm, for realm admins and {@code kcadm.sh}. Reading
 * needs view-users, changing a key the right to manage its owner, settings view/manage-realm; each method checks
 * first, and {@link ApiKeyPermissionEvaluator} has the per-owner and per-role rules. There is no
 * delete: revoked keys stay for audit (seed 004). Changes are admin events without the secret.
 */
@Tag(name = "API keys (admin)")
public final class ApiKeysAdminResource {

    static final String RESOURCE_TYPE = "LATCHKEY_API_KEY";
    static final int DEFAULT_MAX = 100;
    static final int MAX_MAX = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    ApiKeysAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's API keys, newest first, filtered and paginated",
            description = "Filters: organization (alias), role (name or client-id:name), owner (username),"
                    + " service_account (client id), active (true/false), environment; first (default 0), max"
                    + " (default 100, at most 1000).")
    public List<ApiKeyRepresentation> list(@QueryParam("organization") String organization,
            @QueryParam("role") String role, @QueryParam("owner") String owner,
            @QueryParam("service_account") String serviceAccount, @QueryParam("active") String active,
            @QueryParam("environment") String environment, @QueryParam("first") String first,
            @QueryParam("max") String max) {
        auth.users().requireView();
        FieldErrors errors = new FieldErrors();
        int firstResult = integer("first", first, 0, 0, Integer.MAX_VALUE, errors);
        int maxResults = integer("max", max, DEFAULT_MAX, 1, MAX_MAX, errors);
        Boolean activeFilter = null;
        if (active != null) {
            String normalized = active.toLowerCase(Locale.ROOT);
            if (!normalized.equals("true") && !normalized.equals("false")) {
                errors.add("active", "Must be true or false.");
            } else {
                activeFilter = Boolean.valueOf(normalized);
            }
        }
        errors.throwIfAny();
        // An unknown organization, role or owner matches no key: an empty list, as Keycloak's own searches answer.
        String organizationId = organization == null ? null : organizationId(organization);
        String roleId = role == null ? null : roleId(role);
        String ownerId = ownerId(owner, serviceAccount);
        if ((organization != null && organizationId == null) || (role != null && roleId == null)
                || ((owner != null || serviceAccount != null) && ownerId == null)) {
            return List.of();
        }
        return keys().search(realm, new ApiKeySearch(organizationId, roleId, ownerId, activeFilter, environment),
                firstResult, maxResults).map(key -> ApiKeyRepresentation.of(session, realm, key, null)).toList();
    }

    @POST
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create a key for a user or service account the admin may manage, with roles the admin may"
            + " map; the key is shown this once", description = "Body: name, owner (username) or service_account"
                    + " (client id), roles, organization, environment, expires_at, allowed_ips, integration, notes.")
    public Response create(String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        ApiKeyRequest request = ApiKeyRequest.parse(session, realm, json, null, errors);
        errors.throwIfAny();
        ApiKeyPermissionEvaluator.requireAdminMint(session, realm, auth, request.owner(), request.roles());
        IssuedApiKey issued = ApiKeysResource.withPepper(() -> keys().create(realm,
                request.toNewKey(request.owner(), false, auth.adminAuth().getUser())));
        ApiKeyRepresentation representation = ApiKeyRepresentation.of(session, realm, issued.key(), null);
        adminEvent.operation(OperationType.CREATE).resourcePath(session.getContext().getUri(), issued.key().id())
                .representation(representation).success();
        // No Location header: kcadm.sh would follow it and print the stored key, which has no secret, instead of
        // this response, the only one that ever holds it ("kcadm.sh create api-keys/keys ... -o").
        return ApiKeysResource.created(session, realm, issued).build();
    }

    @GET
    @Path("keys/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One API key (never its secret)")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        auth.users().requireView();
        return ApiKeyRepresentation.of(session, realm, key(id), null);
    }

    @POST
    @Path("keys/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a key; it stays listed for audit")
    public ApiKeyRepresentation revoke(@PathParam("id") String id) {
        auth.users().requireQuery();
        ApiKeyPermissionEvaluator.requireAdminManageKey(session, realm, auth, key(id));
        return changed(keys().revoke(realm, id, "revoked_by_admin").orElseThrow(ApiKeysResource::notFound));
    }

    @POST
    @Path("keys/{id}/reactivate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reactivate a revoked key (its secret is unchanged)")
    public ApiKeyRepresentation reactivate(@PathParam("id") String id) {
        auth.users().requireQuery();
        ApiKeyModel key = key(id);
        ApiKeyPermissionEvaluator.requireAdminManageKey(session, realm, auth, key);
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's owner was deleted; the key cannot be used again.");
        }
        return changed(keys().reactivate(realm, id).orElseThrow(ApiKeysResource::notFound));
    }

    @POST
    @Path("keys/{id}/regenerate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new secret for a key; optional body {\"grace_period_seconds\": 0..86400}")
    public ApiKeyRepresentation regenerate(@PathParam("id") String id, String body) {
        auth.users().requireQuery();
        ApiKeyModel key = key(id);
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's owner was deleted; the key cannot be used again.");
        }
        ApiKeyPermissionEvaluator.requireAdminMint(session, realm, auth, owner,
                key.roleIds().stream().map(realm::getRoleById).filter(Objects::nonNull).toList());
        ApiKeyRepresentation regenerated = ApiKeysResource.regenerated(session, realm, key,
                ApiKeysResource.gracePeriod(session, body));
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(ApiKeyRepresentation.of(session, realm, keys().get(realm, id).orElseThrow(), null))
                .success();
        return regenerated;
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's key format and verify behaviour")
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return SettingsRepresentation.of(ApiKeySettings.of(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the key format and verify behaviour",
            description = "Body: {\"prefix\": \"pe-\", \"environments\": [], \"reveal_reason\": false}. Keys issued"
                    + " under an earlier prefix keep working.")
    public SettingsRepresentation putSettings(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        // previous_formats is read-only and ignored, so kcadm's read-modify-write update works.
        errors.rejectUnknown(json, List.of("prefix", "environments", "reveal_reason", "previous_formats"));
        ApiKeySettings current = ApiKeySettings.of(realm);
        String prefix = errors.string(json, "prefix", false, null, 13);
        List<String> environments = current.environments();
        JsonNode environmentsNode = json.get("environments");
        if (environmentsNode != null) {
            environments = new ArrayList<>();
            if (!environmentsNode.isArray() || environmentsNode.size() > 10) {
                errors.add("environments", "Must be a list of at most 10 names.");
            } else {
                for (JsonNode environment : environmentsNode) {
                    if (!environment.isTextual() || environments.contains(environment.textValue())) {
                        errors.add("environments", "Must be a list of distinct names.");
                        break;
                    }
                    environments.add(environment.textValue());
                }
            }
        }
        boolean reveal = errors.bool(json, "reveal_reason", current.revealReason());
        String newPrefix = prefix == null ? current.prefix() : prefix;
        if (!errors.has("prefix") && !errors.has("environments")) {
            try {
                new KeyFormat(newPrefix, environments);
            } catch (IllegalArgumentException e) {
                errors.add(e.getMessage().startsWith("Key prefix") ? "prefix" : "environments", e.getMessage() + ".");
            }
        }
        errors.throwIfAny();
        ApiKeySettings updated = new ApiKeySettings(newPrefix, List.copyOf(environments),
                reveal, current.previousFormats())
                .store(realm);
        SettingsRepresentation result = SettingsRepresentation.of(updated);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(result).success();
        return result;
    }

    private ApiKeyRepresentation changed(ApiKeyModel key) {
        ApiKeyRepresentation representation = ApiKeyRepresentation.of(session, realm, key, null);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(representation).success();
        return representation;
    }

    private ApiKeyModel key(String id) {
        return keys().get(realm, id).orElseThrow(ApiKeysResource::notFound);
    }

    private String organizationId(String alias) {
        if (!realm.isOrganizationsEnabled()) {
            return null;
        }
        OrganizationModel organization = session.getProvider(OrganizationProvider.class).getByAlias(alias);
        return organization == null ? null : organization.getId();
    }

    private String roleId(String name) {
        RoleModel role = ApiKeyRequest.role(realm, name);
        return role == null ? null : role.getId();
    }

    private String ownerId(String username, String clientId) {
        if (username != null) {
            UserModel user = session.users().getUserByUsername(realm, username);
            return user == null ? null : user.getId();
        }
        if (clientId != null) {
            var client = realm.getClientByClientId(clientId);
            UserModel serviceAccount = client == null ? null : session.users().getServiceAccount(client);
            return serviceAccount == null ? null : serviceAccount.getId();
        }
        return null;
    }

    private static int integer(String name, String value, int fallback, int min, int max, FieldErrors errors) {
        if (value == null) {
            return fallback;
        }
        try {
            int parsed = Integer.parseInt(value);
            if (parsed >= min && parsed <= max) {
                return parsed;
            }
        } catch (NumberFormatException e) {
            // Reported below.
        }
        errors.add(name, "Must be a whole number from " + min + " to " + max + ".");
        return fallback;
    }

    private ApiKeyProvider keys() {
        return session.getProvider(ApiKeyProvider.class);
    }

    /** The realm's API-key settings. */
    public record SettingsRepresentation(
            @JsonProperty("prefix") String prefix,
            @JsonProperty("environments") List<String> environments,
            @JsonProperty("reveal_reason") boolean revealReason,
            @JsonProperty(value = "previous_formats", access = JsonProperty.Access.READ_ONLY)
            List<String> previousFormats) {

        static SettingsRepresentation of(ApiKeySettings settings) {
            return new SettingsRepresentation(settings.prefix(), settings.environments(), settings.revealReason(),
                    settings.previousFormats());
        }
    }
}
