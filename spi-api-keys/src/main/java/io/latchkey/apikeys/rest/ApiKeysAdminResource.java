package io.latchkey.apikeys.rest;

import java.time.Duration;
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
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
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

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.apikeys.leak.LeakReport;
import io.latchkey.apikeys.leak.SecretScanningKeys;
import io.latchkey.apikeys.lifetime.LifetimePolicy;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySearch;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.IssuedApiKey;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code /admin/realms/{realm}/api-keys}: every key of the realm, for realm admins and {@code kcadm.sh}. Reading
 * needs view-users, changing a key the right to manage its owner, settings view/manage-realm; each method checks
 * first, and {@link ApiKeyPermissionEvaluator} has the per-owner and per-role rules. There is no
 * delete: revoked keys stay for audit, as the legacy key service kept them. Changes are admin events without the
 * secret.
 *
 * <p>Keycloak authenticates and authorizes before these methods run: no token or a bad one gets its 401, missing
 * admin rights its 403, both with Keycloak's own body ({@code {"error": "HTTP 401 Unauthorized"}}); the per-owner and
 * per-role refusals of {@link ApiKeyPermissionEvaluator} are 403 with Latchkey's {@code {"detail": ...}}.
 */
@Tag(name = "API keys (admin)", description = "Every API key of a realm, for realm administrators and kcadm.sh")
@SecurityRequirement(name = ApiDoc.ADMIN)
@APIResponse(responseCode = "401", description = "No token, or one Keycloak does not accept (Keycloak's own body).",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
public final class ApiKeysAdminResource {

    static final String RESOURCE_TYPE = "LATCHKEY_API_KEY";
    private static final String ID = "The key's id.";
    private static final String KEYCLOAK_FORBIDDEN = "The admin lacks the Keycloak permission the operation"
            + " needs (Keycloak's own body).";
    private static final String NOT_FOUND_KEY = "No such key in the realm.";
    private static final String USAGE_DAYS = "How many days, ending today (UTC).";
    private static final String USAGE_DAYS_INVALID = "days is not a whole number from 1 to "
            + ApiKeysResource.MAX_USAGE_DAYS + ", or is given more than once.";
    private static final String MINT_FORBIDDEN = "The admin lacks query-users (Keycloak's own body), may not manage the"
            + " key's owner (a user: manage it and be able to grant each of its administration roles; a service"
            + " account: manage its client), may not map one of the roles, or one is Keycloak's own; or the token"
            + " was made from an API key.";
    private static final String MANAGE_FORBIDDEN = "The admin lacks query-users (Keycloak's own body), or may not"
            + " manage the key's owner (a user: manage it and be able to grant each of its administration roles; a"
            + " service account: manage its client); or the token was made from an API key.";
    static final String SCANNING_KEYS = "secret_scanning_public_keys";
    static final String MAX_LIFETIME = "max_lifetime_days";
    static final String REQUIRE_EXPIRY = "require_expiry";
    static final String UNUSED = "deactivate_unused_after_days";
    static final String REMINDER = "expiry_reminder_days";
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
            description = "Needs Keycloak's view-users. Filters combine; an unknown organization, role, owner or"
                    + " service account matches no key (an empty list).")
    @APIResponse(responseCode = "200", description = "The matching keys (never their secrets).", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "first, max or active is not valid.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    public List<ApiKeyRepresentation> list(
            @Parameter(description = "Alias of an organization: its keys.") @QueryParam("organization")
            String organization,
            @Parameter(description = "A role ('role' or 'client-id:role'): the keys that carry it.")
            @QueryParam("role") String role,
            @Parameter(description = "A username: that user's keys.") @QueryParam("owner") String owner,
            @Parameter(description = "A client id: the keys of its service account.")
            @QueryParam("service_account") String serviceAccount,
            @Parameter(description = "true: active keys only; false: revoked ones only.", schema = @Schema(
                    type = SchemaType.BOOLEAN)) @QueryParam("active") String active,
            @Parameter(description = "An environment (e.g. live): its keys.") @QueryParam("environment")
            String environment,
            @Parameter(description = "How many keys to skip.", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "0", maximum = "2147483647", defaultValue = "0")) @QueryParam("first") String first,
            @Parameter(description = "How many keys at most.", schema = @Schema(type = SchemaType.INTEGER,
                    minimum = "1", maximum = "1000", defaultValue = "100")) @QueryParam("max") String max) {
        ApiKeyPermissionEvaluator.requireAdminRead(auth);
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
            + " map; the key is shown this once", description = "Needs Keycloak's query-users, the right to manage"
                    + " the owner (a user: manage-users or that user's manage permission, and the right to grant each"
                    + " administration role the user holds; a service account: the right to manage its client) and"
                    + " the right to map each role given (Keycloak's role-mapping permission). Roles are optional: a"
                    + " key without roles only verifies. Recorded as an admin event, without the secret.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = ApiKeyRequest.AdminBody.class)))
    @APIResponse(responseCode = "201", description = "The new key, with its secret in 'key'. No Location header, so"
            + " kcadm.sh prints this response, the only one that holds the secret.", content = @Content(
                    mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid (among them"
            + " an expires_at beyond the realm's maximum key lifetime).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = MINT_FORBIDDEN, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = ApiKeysResource.BODY_TOO_LARGE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.NOT_JSON, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = ApiKeysResource.PEPPER_UNAVAILABLE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
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
    @Operation(summary = "One API key (never its secret)", description = "Needs Keycloak's view-users.")
    @APIResponse(responseCode = "200", description = "The key.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    @APIResponse(responseCode = "404", description = NOT_FOUND_KEY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation get(@Parameter(description = ID) @PathParam("id") String id) {
        ApiKeyPermissionEvaluator.requireAdminRead(auth);
        return ApiKeyRepresentation.of(session, realm, key(id), null);
    }

    @GET
    @Path("keys/{id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How a key was used per UTC day: verifications, refusals by code, quota units",
            description = "Needs Keycloak's view-users. Every day of the range has an entry, days without use too. The"
                    + " counts are written by the usage flush, so they are at most one flush interval old.")
    @Parameter(name = ApiKeysResource.DAYS, in = ParameterIn.QUERY, description = USAGE_DAYS, schema = @Schema(
            type = SchemaType.INTEGER, minimum = "1", maximum = "" + ApiKeysResource.MAX_USAGE_DAYS,
            defaultValue = "" + ApiKeysResource.DEFAULT_USAGE_DAYS))
    @APIResponse(responseCode = "200", description = "The key's usage.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyUsageRepresentation.class)))
    @APIResponse(responseCode = "400", description = USAGE_DAYS_INVALID, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    @APIResponse(responseCode = "404", description = NOT_FOUND_KEY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyUsageRepresentation keyUsage(@Parameter(description = ID) @PathParam("id") String id) {
        ApiKeyPermissionEvaluator.requireAdminRead(auth);
        int count = ApiKeysResource.usageDays(session);
        return ApiKeysResource.keyUsage(session, realm, key(id), count);
    }

    @GET
    @Path("users/{user_id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How all of a user's keys were used per UTC day, summed: verifications, refusals by code,"
            + " quota units", description = "Needs Keycloak's view-users. Revoked keys count too. Every day of the"
                    + " range has an entry, days without use too; at most one usage flush interval old.")
    @Parameter(name = ApiKeysResource.DAYS, in = ParameterIn.QUERY, description = USAGE_DAYS, schema = @Schema(
            type = SchemaType.INTEGER, minimum = "1", maximum = "" + ApiKeysResource.MAX_USAGE_DAYS,
            defaultValue = "" + ApiKeysResource.DEFAULT_USAGE_DAYS))
    @APIResponse(responseCode = "200", description = "The user's keys' usage.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyUsageRepresentation.class)))
    @APIResponse(responseCode = "400", description = USAGE_DAYS_INVALID, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    @APIResponse(responseCode = "404", description = "No such user in the realm.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyUsageRepresentation userUsage(
            @Parameter(description = "The user's id (a service account's too).") @PathParam("user_id") String userId) {
        ApiKeyPermissionEvaluator.requireAdminRead(auth);
        int count = ApiKeysResource.usageDays(session);
        UserModel user = userId == null || userId.length() > 36 ? null : session.users().getUserById(realm, userId);
        if (user == null) {
            throw ApiErrors.error(Response.Status.NOT_FOUND, "No such user in the realm.");
        }
        return ApiKeysResource.ownerUsage(session, realm, user, count);
    }

    @POST
    @Path("keys/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke a key; it stays listed for audit", description = "Needs Keycloak's query-users and"
            + " the right to manage the key's owner (manage-users when the owner was deleted). No body. Recorded as"
            + " an admin event.")
    @APIResponse(responseCode = "200", description = "The revoked key.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "403", description = MANAGE_FORBIDDEN, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "404", description = NOT_FOUND_KEY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.FOREIGN_BODY, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation revoke(@Parameter(description = ID) @PathParam("id") String id) {
        auth.users().requireQuery();
        ApiKeyPermissionEvaluator.requireAdminManageKey(session, realm, auth, key(id));
        return changed(keys().revoke(realm, id, "revoked_by_admin").orElseThrow(ApiKeysResource::notFound));
    }

    @POST
    @Path("keys/{id}/reactivate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reactivate a revoked key (its secret is unchanged)", description = "Needs Keycloak's"
            + " query-users and the right to manage the key's owner. No body. Recorded as an admin event.")
    @APIResponse(responseCode = "200", description = "The reactivated key.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "403", description = MANAGE_FORBIDDEN, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "404", description = NOT_FOUND_KEY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The key's owner was deleted.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.FOREIGN_BODY, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation reactivate(@Parameter(description = ID) @PathParam("id") String id) {
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
    @Operation(summary = "A new secret for a key; the old one stops at once or after a grace period",
            description = "Needs Keycloak's query-users, the right to manage the key's owner and to map each of the"
                    + " key's roles. The body is optional. The response holds the new key, shown this once. When the"
                    + " realm sets a maximum key lifetime, the key then expires at most that long from now. Recorded"
                    + " as an admin event, without the secret.")
    @RequestBody(required = false, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = ApiKeysResource.RegenerateRequest.class)))
    @APIResponse(responseCode = "200", description = "The key, with its new secret in 'key'.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = MINT_FORBIDDEN, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "404", description = NOT_FOUND_KEY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The key is revoked, its owner was deleted, or its environment is"
            + " no longer one of the realm's.", content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = ApiKeysResource.BODY_TOO_LARGE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.NOT_JSON, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = ApiKeysResource.PEPPER_UNAVAILABLE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation regenerate(@Parameter(description = ID) @PathParam("id") String id, String body) {
        auth.users().requireQuery();
        // The body is read before the key is looked up, as on every body-taking endpoint: an oversized or malformed
        // body is 413/400 whatever the path names.
        Duration grace = ApiKeysResource.gracePeriod(session, body);
        ApiKeyModel key = key(id);
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's owner was deleted; the key cannot be used again.");
        }
        ApiKeyPermissionEvaluator.requireAdminMint(session, realm, auth, owner,
                key.roleIds().stream().map(realm::getRoleById).filter(Objects::nonNull).toList());
        ApiKeyRepresentation regenerated = ApiKeysResource.regenerated(session, realm, key, grace);
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(ApiKeyRepresentation.of(session, realm, keys().get(realm, id).orElseThrow(), null))
                .success();
        return regenerated;
    }

    @POST
    @Path("leaked")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Report a key of the realm found in public: it is revoked and its owner told",
            description = "For leaks reported elsewhere than by a secret scanner: the body holds the whole key. Needs"
                    + " Keycloak's query-users and the right to manage the key's owner, as revoking does. The key is"
                    + " revoked with reason 'leaked'; when this call is the one that revoked it, its owner is emailed"
                    + " and a REMOVE_CREDENTIAL event with the URL is recorded (a key revoked already is left as it"
                    + " is). Recorded as an admin event, without the key.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = LeakedKeyRequest.class)))
    @APIResponse(responseCode = "200", description = "The key, revoked.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = MANAGE_FORBIDDEN, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "404", description = "The key is no key of this realm.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = ApiKeysResource.BODY_TOO_LARGE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.NOT_JSON, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = ApiKeysResource.PEPPER_UNAVAILABLE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation leaked(String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("key", "url", "source"));
        String secret = errors.string(json, "key", true, "The leaked key is required.", LeakedKeyRequest.MAX_KEY);
        String url = errors.string(json, "url", false, null, LeakReport.MAX_URL);
        String source = errors.string(json, "source", false, null, LeakReport.MAX_WORD);
        errors.throwIfAny();
        ApiKeyModel key = ApiKeysResource.withPepper(() -> keys().findBySecrets(realm, List.of(secret))).get(secret);
        if (key == null) {
            throw ApiErrors.error(Response.Status.NOT_FOUND, "That is no key of this realm.");
        }
        ApiKeyPermissionEvaluator.requireAdminManageKey(session, realm, auth, key);
        LeakedKeys.Outcome outcome = LeakedKeys.revoke(session, realm,
                List.of(new LeakReport.Found(secret, LeakedKeyRequest.TYPE, url, source)), LeakedKeys.REPORTER_ADMIN)
                .get(0);
        return changed(outcome.key());
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's key format, verify behaviour and key lifetime policy", description = "Needs"
            + " Keycloak's view-realm."
            + " What this returns may be sent back as is to update the settings (kcadm.sh update).")
    @APIResponse(responseCode = "200", description = "The settings.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return SettingsRepresentation.of(ApiKeySettings.of(realm), LeakedKeys.scanningKeys(realm),
                ApiKeySettings.lifetime(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the key format, verify behaviour and key lifetime policy", description = "Needs"
            + " Keycloak's manage-realm. The lifetime members take a whole number of days or null (none)."
            + " Members left out keep their value; previous_formats is read-only and ignored, so what GET returns"
            + " may be sent back as is (kcadm.sh update); unknown members are refused. Keys issued under an earlier"
            + " format keep working. Recorded as an admin event.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = SettingsRequest.class)))
    @APIResponse(responseCode = "200", description = "The settings now.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or members that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = KEYCLOAK_FORBIDDEN, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
    @APIResponse(responseCode = "413", description = ApiKeysResource.BODY_TOO_LARGE, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = ApiKeysResource.NOT_JSON, content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public SettingsRepresentation putSettings(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        // previous_formats is read-only and ignored, so kcadm's read-modify-write update works.
        errors.rejectUnknown(json, List.of("prefix", "environments", "reveal_reason", "previous_formats",
                SCANNING_KEYS, "secret_scanning_pattern", MAX_LIFETIME, REQUIRE_EXPIRY, UNUSED, REMINDER));
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
        SecretScanningKeys scanningKeys = LeakedKeys.scanningKeys(realm);
        if (json.has(SCANNING_KEYS)) {
            try {
                scanningKeys = SecretScanningKeys.parse(json.get(SCANNING_KEYS));
            } catch (IllegalArgumentException e) {
                errors.add(SCANNING_KEYS, e.getMessage());
            }
        }
        LifetimePolicy lifetime = ApiKeySettings.lifetime(realm);
        Integer maxLifetime = days(json, MAX_LIFETIME, lifetime.maxLifetimeDays(), LifetimePolicy.MAX_LIFETIME_DAYS,
                errors);
        Integer unused = days(json, UNUSED, lifetime.deactivateUnusedAfterDays(), LifetimePolicy.MAX_UNUSED_DAYS,
                errors);
        Integer reminder = days(json, REMINDER, lifetime.expiryReminderDays(), LifetimePolicy.MAX_REMINDER_DAYS,
                errors);
        // null clears, as for the day counts.
        boolean requireExpiry = json.has(REQUIRE_EXPIRY) && json.get(REQUIRE_EXPIRY).isNull() ? false
                : errors.bool(json, REQUIRE_EXPIRY, lifetime.requireExpiry());
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
        LeakedKeys.storeScanningKeys(realm, scanningKeys);
        LifetimePolicy newLifetime = new LifetimePolicy(maxLifetime, requireExpiry, unused, reminder);
        ApiKeySettings.storeLifetime(realm, newLifetime);
        keys().settingsChanged(realm);
        SettingsRepresentation result = SettingsRepresentation.of(updated, scanningKeys, newLifetime);
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

    /** A lifetime setting in days: {@code current} when absent, null (no limit) when null, else 1 to {@code max}. */
    private static Integer days(ObjectNode json, String field, Integer current, int max, FieldErrors errors) {
        JsonNode node = json.get(field);
        if (node == null) {
            return current;
        }
        if (node.isNull()) {
            return null;
        }
        return (int) errors.integer(json, field, 0, 1, max, "Must be a whole number of days from 1 to " + max
                + ", or null for none.");
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

    /** The realm's API-key settings: returned by GET, accepted as is by PUT. */
    @Schema(name = "ApiKeySettings", description = "A realm's key format, verify behaviour and key lifetime policy.")
    public record SettingsRepresentation(
            @JsonProperty("prefix") @Schema(required = true, minLength = 2, maxLength = 13,
                    pattern = "^[a-z][a-z0-9]{0,11}[_-]$", description = "What the realm's new keys start with, e.g."
                            + " sk_ or pe-.") String prefix,
            @JsonProperty("environments") @Schema(required = true, maxItems = 10, uniqueItems = true,
                    description = "Environment segments of new keys (e.g. live, test), the first the default; empty"
                            + " for keys without one. Each is 1 to 16 lower-case letters or digits, starting with a"
                            + " letter.") List<String> environments,
            @JsonProperty("reveal_reason") @Schema(required = true, description = "Whether a refused verify says why"
                    + " in its code (otherwise only the realm's events do).") boolean revealReason,
            @JsonProperty(value = "previous_formats", access = JsonProperty.Access.READ_ONLY) @Schema(
                    required = true, readOnly = true, description = "Formats used before (prefix:environments), whose"
                            + " keys keep working. Ignored in a PUT.") List<String> previousFormats,
            @JsonProperty(SCANNING_KEYS) @Schema(required = true, maxItems = SecretScanningKeys.MAX_KEYS,
                    description = "The public keys leak reports must be signed with, in GitHub's format (the"
                            + " public_keys of https://api.github.com/meta/public_keys/secret_scanning); empty: the"
                            + " realm takes no reports.") List<ScanningPublicKey> secretScanningPublicKeys,
            @JsonProperty(value = "secret_scanning_pattern", access = JsonProperty.Access.READ_ONLY) @Schema(
                    required = true, readOnly = true, description = "The regular expression that finds the realm's"
                            + " current keys in text, to register with a secret scanner. Ignored in a PUT.")
            String secretScanningPattern,
            @JsonProperty(MAX_LIFETIME) @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(
                    required = true, nullable = true, minimum = "1",
                    maximum = "" + LifetimePolicy.MAX_LIFETIME_DAYS, description = "New keys (and regenerated"
                            + " secrets) expire at most this many days from when they are made; a key asked for"
                            + " without an expiry gets this one. null: no maximum.") Integer maxLifetimeDays,
            @JsonProperty(REQUIRE_EXPIRY) @Schema(required = true, description = "Whether keys users make for"
                    + " themselves must name an expiry.") boolean requireExpiry,
            @JsonProperty(UNUSED) @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(
                    required = true, nullable = true, minimum = "1",
                    maximum = "" + LifetimePolicy.MAX_UNUSED_DAYS, description = "Active keys not used for this many"
                            + " days (since their last use, or creation or reactivation when later) are revoked with"
                            + " reason 'inactive' by a periodic job. null: never.") Integer deactivateUnusedAfterDays,
            @JsonProperty(REMINDER) @JsonInclude(JsonInclude.Include.ALWAYS) @Schema(
                    required = true, nullable = true, minimum = "1",
                    maximum = "" + LifetimePolicy.MAX_REMINDER_DAYS, description = "The owner of a key is emailed"
                            + " once, this many days before it expires. null: no reminders.")
            Integer expiryReminderDays) {

        static SettingsRepresentation of(ApiKeySettings settings, SecretScanningKeys scanningKeys,
                LifetimePolicy lifetime) {
            return new SettingsRepresentation(settings.prefix(), settings.environments(), settings.revealReason(),
                    settings.previousFormats(), scanningKeys.entries().stream().map(entry -> new ScanningPublicKey(
                            entry.keyIdentifier(), entry.pem(), entry.current())).toList(),
                    settings.format().scanningPattern(), lifetime.maxLifetimeDays(), lifetime.requireExpiry(),
                    lifetime.deactivateUnusedAfterDays(), lifetime.expiryReminderDays());
        }
    }

    /** One public key of a secret scanner, as GitHub publishes it. */
    @Schema(name = "SecretScanningPublicKey", additionalProperties = Schema.False.class)
    public record ScanningPublicKey(
            @JsonProperty("key_identifier") @Schema(required = true, minLength = 1, maxLength = 256) String keyIdentifier,
            @JsonProperty("key") @Schema(required = true, maxLength = 4096, description = "An ECDSA P-256 public"
                    + " key in PEM (-----BEGIN PUBLIC KEY-----).") String key,
            @JsonProperty("is_current") @Schema(description = "As published; every listed key is accepted, current"
                    + " or not, so a report signed during the scanner's key rotation still counts.") boolean current) {
    }

    /**
     * The body of a settings update, for the OpenAPI document; {@link #putSettings} reads it member by member. What
     * GET returns fits it as is.
     */
    @Schema(name = "ApiKeySettingsUpdate", additionalProperties = Schema.False.class, description = "Members left out"
            + " keep their value.")
    record SettingsRequest(
            @Schema(nullable = true, minLength = 2, maxLength = 13, pattern = "^[a-z][a-z0-9]{0,11}[_-]$",
                    description = "What the realm's new keys start with, e.g. sk_ or pe-.") String prefix,
            @Schema(maxItems = 10, uniqueItems = true, description = "Environment segments of new keys, the first"
                    + " the default; empty for keys without one. Each is 1 to 16 lower-case letters or digits,"
                    + " starting with a letter.") List<String> environments,
            Boolean reveal_reason,
            @Schema(description = "As GET returns it; ignored.") List<String> previous_formats,
            @Schema(maxItems = SecretScanningKeys.MAX_KEYS, description = "The public keys leak reports must be"
                    + " signed with, in GitHub's format; an empty list: the realm takes no reports.")
            List<ScanningPublicKey> secret_scanning_public_keys,
            @Schema(description = "As GET returns it; ignored.") String secret_scanning_pattern,
            @Schema(nullable = true, minimum = "1", maximum = "" + LifetimePolicy.MAX_LIFETIME_DAYS,
                    description = "Maximum lifetime of new keys in days; null: none.") Integer max_lifetime_days,
            @Schema(nullable = true, description = "Whether keys users make for themselves must name an expiry;"
                    + " null: false.") Boolean require_expiry,
            @Schema(nullable = true, minimum = "1", maximum = "" + LifetimePolicy.MAX_UNUSED_DAYS,
                    description = "Revoke keys unused for this many days; null: never.")
            Integer deactivate_unused_after_days,
            @Schema(nullable = true, minimum = "1", maximum = "" + LifetimePolicy.MAX_REMINDER_DAYS,
                    description = "Remind the owner this many days before a key expires; null: never.")
            Integer expiry_reminder_days) {
    }

    /** The body of a leak report by an admin, for the OpenAPI document; {@link #leaked} reads it member by member. */
    @Schema(name = "LeakedApiKeyReport", additionalProperties = Schema.False.class)
    record LeakedKeyRequest(
            @Schema(required = true, maxLength = MAX_KEY, description = "The whole key, as found.") String key,
            @Schema(nullable = true, maxLength = LeakReport.MAX_URL, description = "Where it was found; in the event"
                    + " and the owner's email.") String url,
            @Schema(nullable = true, maxLength = LeakReport.MAX_WORD, description = "What kind of place that is,"
                    + " e.g. a chat, a ticket, a paste site.") String source) {

        static final int MAX_KEY = 256;
        /** The token type the event and the email name for a key an admin reports. */
        static final String TYPE = "latchkey_api_key";
    }
}
