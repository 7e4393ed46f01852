package io.latchkey.apikeys.rest;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.ParameterIn;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.common.util.Time;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.apikeys.auth.ApiKeyUse;
import io.latchkey.apikeys.auth.VerifyHooks;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.IssuedApiKey;
import io.latchkey.apikeys.spi.PepperUnavailableException;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerificationCode;
import io.latchkey.apikeys.spi.VerifyHookResult;
import io.latchkey.apikeys.spi.VerifyRejection;
import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.BearerAuth;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;

/**
 * {@code /realms/{realm}/api-keys}: a user's own API keys (bearer access token, or one of their API keys limited to
 * its roles), and {@code verify} for gateways and services, authenticated by the API key itself.
 */
@Tag(name = "API keys", description = "Prefixed API keys: self-service management and verification")
public final class ApiKeysResource {

    private static final String ID = "The key's id.";

    static final String NOT_FOUND = "Not found";
    static final String UNAUTHORIZED = "No credential, or one that is not valid.";
    static final String NOT_YOURS = "No such key among the caller's.";
    static final String BODY_TOO_LARGE = "The body is larger than 1 MiB.";
    static final String NOT_JSON = "The body is not application/json.";
    static final String FOREIGN_BODY = "A body that is not application/json (this operation reads none).";
    static final String PEPPER_UNAVAILABLE = "The server cannot reach the secret it hashes keys with; try again"
            + " later.";
    private static final String QUOTA_HEADER = "When quotas are deducted on verify: the quota's limit or what"
            + " remains of it.";
    static final String INVALID_KEY = "Invalid API key";
    static final String DAYS = "days";
    static final int DEFAULT_USAGE_DAYS = 30;
    /** Within what is kept ({@link ApiKeyProvider#USAGE_RETENTION_DAYS}). */
    static final int MAX_USAGE_DAYS = ApiKeyProvider.USAGE_RETENTION_DAYS;
    static final String MISSING_KEY = "Missing API key";
    /** Roles Keycloak gives every user: offering them for a key would only add noise. */
    private static final List<String> EVERY_USERS_ROLES = List.of("offline_access", "uma_authorization");

    private final KeycloakSession session;
    private final RealmModel realm;

    public ApiKeysResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The caller's API keys, newest first (never the secrets)",
            description = "Needs latchkey:keys:read in the credential (a user's access token, an API key or a token"
                    + " exchanged from one).")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "The caller's keys.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<ApiKeyRepresentation> list() {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwn(auth);
        return keys().listByOwner(realm, auth.user()).stream()
                .map(key -> ApiKeyRepresentation.of(session, realm, key, null)).toList();
    }

    @GET
    @Path("roles")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The roles the caller may give a new key: the realm roles and Latchkey's roles they hold,"
            + " without those every user has", description = "For forms such as the account console's. Needs"
                    + " latchkey:keys:read in the credential. Realm roles are given as 'role', client roles as"
                    + " 'client-id:role' (Latchkey's as latchkey:<role>); Keycloak's own roles are never offered. The"
                    + " list may be empty: a key needs no role.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "Role names, sorted.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY, implementation = String.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public List<String> roles() {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwn(auth);
        RoleModel defaults = realm.getDefaultRole();
        Stream<RoleModel> latchkeyRoles = Optional.ofNullable(realm.getClientByClientId(LatchkeyRoles.CLIENT_ID))
                .map(ClientModel::getRolesStream).orElseGet(Stream::empty);
        return Stream.concat(realm.getRolesStream(), latchkeyRoles)
                .filter(role -> defaults == null || !role.getId().equals(defaults.getId()))
                .filter(role -> !EVERY_USERS_ROLES.contains(role.getName()))
                .filter(role -> ApiKeyPermissionEvaluator.grantableOwn(auth, role))
                .map(ApiKeyRepresentation::roleName)
                .sorted()
                .toList();
    }

    @POST
    @Path("keys")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Create an API key for the caller; the response holds the key, shown this once",
            description = "Needs latchkey:keys:manage in the user's own access token: never an API key or a token"
                    + " exchanged from one (403). Roles are optional: a key without roles verifies (gateways check it"
                    + " with verify) but opens none of Latchkey's endpoints, and a token exchanged from it carries no"
                    + " roles. Each role given must be one the caller holds and not one of Keycloak's own (403).")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = ApiKeyRequest.SelfServiceBody.class)))
    @APIResponse(responseCode = "201", description = "The new key, with its secret in 'key'.", headers = @Header(
            name = "Location", description = "The key's URL.", schema = @Schema(type = SchemaType.STRING)),
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid (among them"
            + " an expires_at beyond the realm's maximum key lifetime, or none where the realm requires one).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:manage, is an API"
            + " key or a token made from one, or a role is not the caller's to give.", content = @Content(
                    mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = BODY_TOO_LARGE, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = NOT_JSON, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = PEPPER_UNAVAILABLE, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public Response create(String body) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireMintOwn(auth);
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        ApiKeyRequest request = ApiKeyRequest.parse(session, realm, json, auth.user(), errors);
        errors.throwIfAny();
        for (RoleModel role : request.roles()) {
            ApiKeyPermissionEvaluator.requireGrantableOwn(auth, role);
        }
        IssuedApiKey issued = withPepper(() -> keys().create(realm,
                request.toNewKey(auth.user(), true, auth.user())));
        return created(session, realm, issued).location(session.getContext().getUri().getAbsolutePathBuilder()
                .path(issued.key().id()).build()).build();
    }

    /** 201 with the new key: the one response that ever holds its secret. */
    static Response.ResponseBuilder created(KeycloakSession session, RealmModel realm, IssuedApiKey issued) {
        return Response.status(Response.Status.CREATED).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(ApiKeyRepresentation.of(session, realm, issued.key(), issued.secret()));
    }

    @GET
    @Path("keys/{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One of the caller's API keys (never its secret)",
            description = "Needs latchkey:keys:read in the credential. Another user's key is not found.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "The key.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation get(@Parameter(description = ID) @PathParam("id") String id) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwn(auth);
        return ApiKeyRepresentation.of(session, realm, own(auth, id), null);
    }

    @GET
    @Path("keys/{id}/usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "How one of the caller's keys was used per UTC day: verifications, refusals by code, quota"
            + " units", description = "Needs latchkey:keys:read in the credential. Another user's key is not found."
                    + " Every day of the range has an entry, days without use too. The counts are written by the"
                    + " usage flush, so they are at most one flush interval old.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @Parameter(name = DAYS, in = ParameterIn.QUERY, description = "How many days, ending today (UTC).",
            schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "" + MAX_USAGE_DAYS,
                    defaultValue = "" + DEFAULT_USAGE_DAYS))
    @APIResponse(responseCode = "200", description = "The key's usage.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyUsageRepresentation.class)))
    @APIResponse(responseCode = "400", description = "days is not a whole number from 1 to " + MAX_USAGE_DAYS
            + ", or is given more than once.", content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:read.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyUsageRepresentation usage(@Parameter(description = ID) @PathParam("id") String id) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwnUsage(auth);
        ApiKeyModel key = own(auth, id);
        return keyUsage(session, realm, key, usageDays(session));
    }

    @POST
    @Path("keys/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke one of the caller's keys: the next verify or exchange fails. The key stays listed.",
            description = "Needs latchkey:keys:manage in the credential; an API key carrying it may revoke its"
                    + " owner's keys, itself included. No body.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "The revoked key.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:manage.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = FOREIGN_BODY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation revoke(@Parameter(description = ID) @PathParam("id") String id) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireRevokeOwn(auth);
        own(auth, id);
        ApiKeyModel revoked = keys().revoke(realm, id, "revoked_by_owner").orElseThrow(ApiKeysResource::notFound);
        return ApiKeyRepresentation.of(session, realm, revoked, null);
    }

    @POST
    @Path("keys/{id}/regenerate")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A new secret for one of the caller's keys; the old one stops at once or after a grace period",
            description = "Needs latchkey:keys:manage in the user's own access token: never an API key or a token"
                    + " exchanged from one (403). The body is optional. The response holds the new key, shown this"
                    + " once. When the realm sets a maximum key lifetime, the key then expires at most that long from"
                    + " now.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @RequestBody(required = false, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = RegenerateRequest.class)))
    @APIResponse(responseCode = "200", description = "The key, with its new secret in 'key'.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = ApiKeyRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "401", description = UNAUTHORIZED, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:keys:manage, or is an"
            + " API key or a token made from one.", content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "404", description = NOT_YOURS, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The key is revoked, or its environment is no longer one of the"
            + " realm's.", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = BODY_TOO_LARGE, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = NOT_JSON, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = PEPPER_UNAVAILABLE, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public ApiKeyRepresentation regenerate(@Parameter(description = ID) @PathParam("id") String id, String body) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireMintOwn(auth);
        Duration grace = gracePeriod(session, body);
        return regenerated(session, realm, own(auth, id), grace);
    }

    @POST
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify the API key in 'Authorization: Bearer <key>'",
            description = "For gateways and services: the key authenticates itself, no role is needed, so a key"
                    + " without roles verifies too. A refused key gets 401 with code INVALID; the precise reason is"
                    + " in the realm's events, or in the code when the realm's settings reveal it. When quotas are"
                    + " deducted on verify, each call deducts 'cost' from the quota 'quota' (unless dry_run) and the"
                    + " response carries that quota's state and X-RateLimit-* headers. No body.")
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @Parameter(name = "dry_run", in = ParameterIn.QUERY, description = "true: check the key and the quota without"
            + " deducting anything.", schema = @Schema(type = SchemaType.BOOLEAN, defaultValue = "false"))
    @Parameter(name = "quota", in = ParameterIn.QUERY, description = "When quotas are deducted on verify: the"
            + " quota to deduct from; the realm's default quota when absent.", schema = @Schema(
                    type = SchemaType.STRING, maxLength = 32))
    @Parameter(name = "cost", in = ParameterIn.QUERY, description = "When quotas are deducted on verify: how much"
            + " to deduct.", schema = @Schema(type = SchemaType.INTEGER, minimum = "1", maximum = "1000000",
                    defaultValue = "1"))
    @APIResponse(responseCode = "200", description = "The key is valid.", headers = {
        @Header(name = "X-RateLimit-Limit", description = QUOTA_HEADER, schema = @Schema(type = SchemaType.INTEGER)),
        @Header(name = "X-RateLimit-Remaining", description = QUOTA_HEADER,
                schema = @Schema(type = SchemaType.INTEGER)),
        @Header(name = "X-RateLimit-Reset", description = "When quotas are deducted on verify: when the quota"
                + " resets, in seconds since the epoch.", schema = @Schema(type = SchemaType.INTEGER))},
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = VerifyResult.class)))
    @APIResponse(responseCode = "400", description = "When quotas are deducted on verify: an unknown quota or a cost"
            + " out of range (code INVALID_REQUEST).", content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(implementation = VerifyRefusal.class)))
    @APIResponse(responseCode = "401", description = "No key, or one that is not valid (code INVALID, or the"
            + " reason when the realm reveals it).", headers = @Header(name = "WWW-Authenticate",
                    schema = @Schema(type = SchemaType.STRING)), content = @Content(mediaType = ApiDoc.JSON,
                            schema = @Schema(implementation = VerifyRefusal.class)))
    @APIResponse(responseCode = "403", description = "The request's address may not use the realm's keys or this key"
            + " (code IP_NOT_ALLOWED).", content = @Content(mediaType = ApiDoc.JSON,
                    schema = @Schema(implementation = VerifyRefusal.class)))
    @APIResponse(responseCode = "415", description = FOREIGN_BODY, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "429", description = "Too many requests from the address (code RATE_LIMITED), or the"
            + " quota is used up (code USAGE_EXCEEDED, with the key's and the quota's members).", headers = @Header(
                    name = "Retry-After", description = "Seconds to wait.", schema = @Schema(
                            type = SchemaType.INTEGER)), content = @Content(mediaType = ApiDoc.JSON,
                                    schema = @Schema(implementation = VerifyRefusal.class)))
    @APIResponse(responseCode = "503", description = PEPPER_UNAVAILABLE, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(ref = ApiDoc.ERROR)))
    public Response verify() {
        List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty()) {
            return invalid(MISSING_KEY, null);
        }
        Optional<VerifyRejection> early = VerifyHooks.beforeLookup(session, realm, "verify");
        if (early.isPresent()) {
            return rejected(early.get(), new LinkedHashMap<>());
        }
        String credential = headers.size() == 1 ? BearerAuth.credential(headers.get(0)) : null;
        if (credential == null) {
            return invalid(INVALID_KEY, null);
        }
        EventBuilder event = ApiKeyUse.event(session, realm, EventType.INTROSPECT_TOKEN, null);
        Verification verification = withPepper(() -> ApiKeyUse.verify(session, realm, credential, "verify", event,
                false));
        if (!verification.valid()) {
            return invalid(INVALID_KEY, verification.code());
        }
        boolean dryRun = "true".equals(session.getContext().getUri().getQueryParameters().getFirst("dry_run"));
        Map<String, Object> added = new LinkedHashMap<>();
        Map<String, String> headersAdded = new LinkedHashMap<>();
        Optional<VerifyRejection> rejection = Optional.empty();
        long quotaUnits = 0;
        for (ApiKeyVerifyHook hook : VerifyHooks.ordered(session)) {
            VerifyHookResult outcome = hook.onValidKey(session, realm, verification,
                    session.getContext().getUri().getQueryParameters(), dryRun);
            added.putAll(outcome.fields());
            headersAdded.putAll(outcome.headers());
            quotaUnits += outcome.quotaUnits();
            if (outcome.rejection() != null) {
                rejection = Optional.of(outcome.rejection());
                break;
            }
        }
        rejection.ifPresentOrElse(r -> event.detail(Details.REASON, r.code()).error(r.code().toLowerCase(Locale.ROOT)),
                event::success);
        ApiKeyUse.count(session, verification, rejection.map(VerifyRejection::code).orElse(ApiKeyProvider.VALID),
                quotaUnits);
        Map<String, Object> result = new LinkedHashMap<>();
        ApiKeyModel key = verification.key();
        result.put("valid", rejection.isEmpty());
        result.put("code", rejection.map(VerifyRejection::code).orElse(VerificationCode.VALID.name()));
        result.put("key_id", key.id());
        result.put("name", key.name());
        result.put("owner", verification.owner().getUsername());
        // The legacy key service's clients read the owner as "username".
        result.put("username", verification.owner().getUsername());
        result.put("owner_id", verification.owner().getId());
        result.put("organization", ApiKeyRepresentation.organizationAlias(session, realm, key.organizationId()));
        result.put("roles", verification.roles().stream().map(ApiKeyRepresentation::roleName).toList());
        result.put("environment", key.environment());
        result.put("expires_at", ApiKeyRepresentation.iso(key.expiresAt()));
        result.putAll(added);
        if (rejection.isPresent()) {
            return rejected(rejection.get(), result);
        }
        Response.ResponseBuilder response = Response.ok(result, MediaType.APPLICATION_JSON_TYPE);
        headersAdded.forEach(response::header);
        return response.build();
    }

    /** Reports of the realm's keys found in public, from secret scanners: {@link LeakReportsResource}. */
    @Path("leaks")
    public LeakReportsResource leaks() {
        return new LeakReportsResource(session, realm);
    }

    /** A hook's refusal: its status, code, detail, fields and headers (e.g. 429 with Retry-After). */
    private static Response rejected(VerifyRejection rejection, Map<String, Object> result) {
        result.put("valid", false);
        return VerifyHooks.response(rejection, result);
    }

    /** Shared by self-service and admin regeneration. */
    static ApiKeyRepresentation regenerated(KeycloakSession session, RealmModel realm, ApiKeyModel key,
            Duration grace) {
        if (!key.active()) {
            throw ApiErrors.error(Response.Status.CONFLICT, "A revoked key cannot be regenerated; reactivate it first.");
        }
        List<String> environments = ApiKeySettings.of(realm).environments();
        if (!environments.isEmpty() && !environments.contains(key.environment())) {
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's environment '" + key.environment()
                    + "' is no longer one of this realm's (" + String.join(", ", environments) + "): create a new key.");
        }
        // A new secret is a new credential: it lives no longer than the realm's maximum lifetime from now.
        Instant expiresAt = ApiKeySettings.lifetime(realm).regeneratedExpiry(key.expiresAt(),
                Instant.ofEpochMilli(Time.currentTimeMillis()));
        IssuedApiKey issued = withPepper(() -> session.getProvider(ApiKeyProvider.class)
                .regenerate(realm, key.id(), grace, expiresAt)).orElseThrow(ApiKeysResource::notFound);
        return ApiKeyRepresentation.of(session, realm, issued.key(), issued.secret());
    }

    /** The optional {@code {"grace_period_seconds": n}} body of a regeneration. */
    static Duration gracePeriod(KeycloakSession session, String body) {
        ObjectNode json = JsonBody.optionalObject(session, body);
        if (json == null) {
            return Duration.ZERO;
        }
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("grace_period_seconds"));
        JsonNode grace = json.get("grace_period_seconds");
        long seconds = 0;
        if (grace != null && !grace.isNull()) {
            if (!grace.isIntegralNumber() || !grace.canConvertToLong() || grace.longValue() < 0
                    || grace.longValue() > 86_400) {
                errors.add("grace_period_seconds", "Must be a whole number of seconds from 0 to 86400 (24 hours).");
            } else {
                seconds = grace.longValue();
            }
        }
        errors.throwIfAny();
        return Duration.ofSeconds(seconds);
    }

    /**
     * The {@value #DAYS} query parameter, strictly: digits only, 1 to {@value #MAX_USAGE_DAYS}, at most once;
     * {@value #DEFAULT_USAGE_DAYS} when absent. Shared by the self-service and admin usage operations.
     */
    static int usageDays(KeycloakSession session) {
        List<String> values = session.getContext().getUri().getQueryParameters().get(DAYS);
        if (values == null || values.isEmpty()) {
            return DEFAULT_USAGE_DAYS;
        }
        String value = values.get(0);
        if (values.size() == 1 && value != null && value.matches("[0-9]{1,2}")) {
            int days = Integer.parseInt(value);
            if (days >= 1 && days <= MAX_USAGE_DAYS) {
                return days;
            }
        }
        FieldErrors errors = new FieldErrors();
        errors.add(DAYS, "Must be a whole number of days from 1 to " + MAX_USAGE_DAYS + ", given once.");
        errors.throwIfAny();
        return DEFAULT_USAGE_DAYS;
    }

    /** The last {@code days} UTC days of {@code key}'s usage, today included. */
    static ApiKeyUsageRepresentation keyUsage(KeycloakSession session, RealmModel realm, ApiKeyModel key, int days) {
        LocalDate to = Instant.ofEpochMilli(Time.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate from = to.minusDays(days - 1L);
        return ApiKeyUsageRepresentation.of(key.id(), key.ownerId(), from, to,
                session.getProvider(ApiKeyProvider.class).dailyUsage(realm, key, from, to));
    }

    /** The last {@code days} UTC days of the usage of all of {@code owner}'s keys, today included. */
    static ApiKeyUsageRepresentation ownerUsage(KeycloakSession session, RealmModel realm, UserModel owner, int days) {
        LocalDate to = Instant.ofEpochMilli(Time.currentTimeMillis()).atZone(ZoneOffset.UTC).toLocalDate();
        LocalDate from = to.minusDays(days - 1L);
        return ApiKeyUsageRepresentation.of(null, owner.getId(), from, to,
                session.getProvider(ApiKeyProvider.class).dailyUsageOfOwner(realm, owner, from, to));
    }

    static <T> T withPepper(Supplier<T> action) {
        try {
            return action.get();
        } catch (PepperUnavailableException e) {
            throw ApiErrors.error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
    }

    static WebApplicationException notFound() {
        return ApiErrors.error(Response.Status.NOT_FOUND, NOT_FOUND);
    }

    private Response invalid(String detail, VerificationCode code) {
        boolean reveal = code != null && ApiKeySettings.of(realm).revealReason();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("valid", false);
        body.put("code", reveal ? code.name() : "INVALID");
        body.put("detail", detail);
        Response.Status status = reveal && code == VerificationCode.IP_NOT_ALLOWED ? Response.Status.FORBIDDEN
                : Response.Status.UNAUTHORIZED;
        return Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"" + realm.getName() + "\", error=\"invalid_token\"")
                .entity(body).build();
    }

    /** The caller's key, or 404: another user's key is indistinguishable from none. */
    private ApiKeyModel own(Caller auth, String id) {
        return keys().get(realm, id).filter(key -> key.ownerId().equals(auth.user().getId()))
                .orElseThrow(ApiKeysResource::notFound);
    }

    private ApiKeyProvider keys() {
        return session.getProvider(ApiKeyProvider.class);
    }

    /** The optional body of a regeneration, for the OpenAPI document; {@link #gracePeriod} reads it. */
    @Schema(name = "ApiKeyRegenerateRequest", additionalProperties = Schema.False.class)
    record RegenerateRequest(
            @Schema(nullable = true, minimum = "0", maximum = "86400", defaultValue = "0", description = "How long"
                    + " the old secret keeps working, in seconds.") Long grace_period_seconds) {
    }

    /**
     * A successful verify's body, for the OpenAPI document; {@link #verify} writes it. Keycloak's JSON writer leaves
     * out members that are null (organization, environment, expires_at of a key without them), so those are optional.
     */
    @Schema(name = "ApiKeyVerification", description = "A valid key: who owns it and what it carries, and, when"
            + " quotas are deducted on verify, the quota's state.", requiredProperties = {"valid", "code", "key_id",
                    "name", "owner", "username", "owner_id", "roles"})
    record VerifyResult(
            @Schema(constValue = "true") boolean valid,
            @Schema(enumeration = "VALID") String code,
            String key_id,
            String name,
            @Schema(description = "The owner's username.") String owner,
            @Schema(description = "The owner's username again, as the legacy key service's clients read it.")
            String username,
            String owner_id,
            @Schema(nullable = true, description = "The organization's alias.") String organization,
            @Schema(description = "The roles the key uses now: realm roles as 'role', client roles as"
                    + " 'client-id:role'.") List<String> roles,
            @Schema(nullable = true) String environment,
            @Schema(nullable = true, format = "date-time") String expires_at,
            @Schema(description = "The quota deducted from.") String quota,
            @Schema(description = "The quota's limit.") Long limit,
            @Schema(description = "What remains of the quota after this call.") Long remaining,
            @Schema(format = "date-time", description = "When the quota resets.") String reset_at,
            @Schema(description = "For the conversation_limit quota: what remains of it, as the legacy key"
                    + " service's clients read it.") Long remaining_conversations,
            @Schema(constValue = "true", description = "Present when dry_run=true: nothing was deducted.")
            Boolean dry_run) {
    }

    /**
     * A refused verify's body, for the OpenAPI document: {@link #invalid} and {@link #rejected} write it, with the
     * key's members when the key was found and a later check refused it.
     */
    @Schema(name = "ApiKeyVerifyRefusal", description = "A refused verify: why, in code and detail. When the key"
            + " itself was valid but a later check refused it (quota, cost), the members of a successful"
            + " verification are there too.", requiredProperties = {"valid", "code", "detail"})
    record VerifyRefusal(
            @Schema(constValue = "false") boolean valid,
            @Schema(description = "INVALID (or NOT_FOUND, EXPIRED, DISABLED, IP_NOT_ALLOWED when the realm reveals"
                    + " the reason), RATE_LIMITED, USAGE_EXCEEDED, INVALID_REQUEST.") String code,
            String detail,
            String key_id,
            String name,
            String owner,
            String username,
            String owner_id,
            @Schema(nullable = true) String organization,
            List<String> roles,
            @Schema(nullable = true) String environment,
            @Schema(nullable = true, format = "date-time") String expires_at,
            String quota,
            Long limit,
            Long remaining,
            @Schema(format = "date-time") String reset_at,
            Long remaining_conversations,
            @Schema(constValue = "true") Boolean dry_run) {
    }
}
