package io.latchkey.apikeys.rest;

import java.time.Duration;
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
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;

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

    static final String NOT_FOUND = "Not found";
    static final String INVALID_KEY = "Invalid API key";
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
    @Operation(summary = "The caller's API keys, newest first (never the secrets)")
    public List<ApiKeyRepresentation> list() {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwn(auth);
        return keys().listByOwner(realm, auth.user()).stream()
                .map(key -> ApiKeyRepresentation.of(session, realm, key, null)).toList();
    }

    @GET
    @Path("roles")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The roles the caller may give a new key: the realm roles and Latchkey's roles their token"
            + " carries, without those every user has", description = "For forms such as the account console's;"
                    + " Latchkey's roles are given as latchkey:<role>. Keycloak's own roles are never offered.")
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
            description = "Roles must be among the caller's own (403 otherwise). Body: name, roles, environment,"
                    + " expires_at, allowed_ips, integration, notes, organization.")
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
    @Operation(summary = "One of the caller's API keys")
    public ApiKeyRepresentation get(@PathParam("id") String id) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireReadOwn(auth);
        return ApiKeyRepresentation.of(session, realm, own(auth, id), null);
    }

    @POST
    @Path("keys/{id}/revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Revoke one of the caller's keys: the next verify or exchange fails. The key stays listed.")
    public ApiKeyRepresentation revoke(@PathParam("id") String id) {
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
            description = "Optional body: {\"grace_period_seconds\": 0..86400}. The response holds the new key, shown"
                    + " this once.")
    public ApiKeyRepresentation regenerate(@PathParam("id") String id, String body) {
        Caller auth = BearerAuth.require(session);
        ApiKeyPermissionEvaluator.requireMintOwn(auth);
        ApiKeyModel key = own(auth, id);
        Duration grace = gracePeriod(session, body);
        return regenerated(session, realm, key, grace);
    }

    @POST
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Verify the API key in 'Authorization: Bearer <key>'",
            description = "200 {valid: true, code: VALID, key_id, name, owner, organization, roles, expires_at}, or"
                    + " 401 {valid: false, code: INVALID}: the precise reason is in the realm's events (or in the"
                    + " code, when the realm's settings reveal it). ?dry_run=true checks without deducting quota.")
    public Response verify() {
        List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty()) {
            return invalid(MISSING_KEY, null);
        }
        Optional<VerifyRejection> early = VerifyHooks.beforeLookup(session, realm, "verify");
        if (early.isPresent()) {
            return rejected(early.get(), new LinkedHashMap<>());
        }
        String credential = headers.size() == 1 ? strictBearer(headers.get(0)) : null;
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
        for (ApiKeyVerifyHook hook : VerifyHooks.ordered(session)) {
            VerifyHookResult outcome = hook.onValidKey(session, realm, verification,
                    session.getContext().getUri().getQueryParameters(), dryRun);
            added.putAll(outcome.fields());
            headersAdded.putAll(outcome.headers());
            if (outcome.rejection() != null) {
                rejection = Optional.of(outcome.rejection());
                break;
            }
        }
        rejection.ifPresentOrElse(r -> event.detail(Details.REASON, r.code()).error(r.code().toLowerCase(Locale.ROOT)),
                event::success);
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

    /** A hook's refusal: its status, code, detail, fields and headers (e.g. 429 with Retry-After). */
    private static Response rejected(VerifyRejection rejection, Map<String, Object> result) {
        result.put("valid", false);
        result.put("code", rejection.code());
        result.put("detail", rejection.detail());
        result.putAll(rejection.fields());
        Response.ResponseBuilder response = Response.status(rejection.status()).type(MediaType.APPLICATION_JSON_TYPE);
        rejection.headers().forEach(response::header);
        return response.entity(result).build();
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
        IssuedApiKey issued = withPepper(() -> session.getProvider(ApiKeyProvider.class)
                .regenerate(realm, key.id(), grace)).orElseThrow(ApiKeysResource::notFound);
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

    /** Exactly {@code Bearer <key>}: seed 004's troubleshooting names a missing "Bearer " as a wrong format. */
    static String strictBearer(String header) {
        if (header == null || !header.startsWith("Bearer ")) {
            return null;
        }
        String credential = header.substring("Bearer ".length());
        return credential.isEmpty() || credential.chars().anyMatch(c -> c <= ' ' || c > '~') ? null : credential;
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
}
