package io.latchkey.quota.rest;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.common.net.CidrRange;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.console.ConsolePageFactory;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.quota.hook.QuotaSettings;
import io.latchkey.quota.plan.PlanCatalog;
import io.latchkey.quota.plan.QuotaPlan;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.UnknownQuotaException;

/**
 * {@code /admin/realms/{realm}/quota}: plans, per-address protections, and users' quotas (the legacy service's admin
 * user update and reset-limits). Viewing needs view-users; resetting, view-users and the realm role
 * {@code staff-support} (or manage-users); changing plans, limits and usage, manage-users; plans and settings,
 * view/manage-realm.
 *
 * <p>Every GET has a PUT that accepts what the GET answers, so clients that read an object, edit it and write it back
 * whole ({@code kcadm.sh update}) work: members the server derives are ignored on the way in, unknown members are
 * still refused.
 */
@Tag(name = "Quota (admin)", description = "Plans, per-address protections and users' quotas, for realm"
        + " administrators")
@SecurityRequirement(name = ApiDoc.ADMIN)
@APIResponse(responseCode = "401", description = "No token, or one Keycloak does not accept (answered by Keycloak).",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
@APIResponse(responseCode = "403", description = "The administrator lacks the permission the operation names"
        + " (answered by Keycloak).",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
@APIResponse(responseCode = "404", description = "No such realm (answered by Keycloak).",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.KEYCLOAK_ERROR)))
public final class QuotaAdminResource {

    static final String RESOURCE_TYPE = "LATCHKEY_QUOTA";
    public static final String STAFF_ROLE = "staff-support";
    /** The quota the legacy {@code limits} body's {@code reset} and {@code conversation_limit} describe. */
    static final String LEGACY_QUOTA = "conversation_limit";
    static final String LEGACY_RESET = "reset";
    private static final long MAX_AMOUNT = 1_000_000_000L;

    private final KeycloakSession session;
    private final RealmModel realm;
    private final AdminPermissionEvaluator auth;
    private final AdminEventBuilder adminEvent;

    QuotaAdminResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        this.session = session;
        this.realm = realm;
        this.auth = auth;
        this.adminEvent = adminEvent.resource(RESOURCE_TYPE);
    }

    @GET
    @Path("plans")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The realm's plans, default plan and quota, and daily reset time",
            description = "Needs view-realm. The answer is what PUT plans accepts.")
    @APIResponse(responseCode = "200", description = "The realm's plan catalog.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = PlanCatalogDocument.class)))
    public JsonNode getPlans() {
        auth.realm().requireViewRealm();
        return quotas().catalog(realm).toJson();
    }

    @PUT
    @Path("plans")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the realm's plans",
            description = "Needs manage-realm. Replaces the whole catalog; users whose plan disappears read as the"
                    + " default plan. Every problem is reported at once, by field path (plans[0].quotas[1].amount).")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = PlanCatalogDocument.class)))
    @APIResponse(responseCode = "200", description = "The catalog as stored.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = PlanCatalogDocument.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public JsonNode putPlans(String body) {
        auth.realm().requireManageRealm();
        FieldErrors errors = new FieldErrors();
        PlanCatalog catalog = PlanCatalog.parse(JsonBody.object(session, body), errors);
        errors.throwIfAny();
        quotas().setCatalog(realm, catalog);
        ConsolePageFactory.sync(session, realm, QuotaPlansPage.ID);
        JsonNode result = catalog.toJson();
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(result)
                .success();
        return result;
    }

    @GET
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Per-address rate limit, API-key IP allow-list, message retention and deduction on verify",
            description = "Needs view-realm. The answer is what PUT settings accepts.")
    @APIResponse(responseCode = "200", description = "The realm's quota settings.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = SettingsRepresentation.class)))
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return SettingsRepresentation.of(QuotaSettings.of(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the quota settings",
            description = "Needs manage-realm. Changes only the members the body names; the others keep their"
                    + " values.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = SettingsRequest.class)))
    @APIResponse(responseCode = "200", description = "The settings as stored.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = SettingsRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public SettingsRepresentation putSettings(String body) {
        auth.realm().requireManageRealm();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("rate_limit_per_minute", "ip_allow_list_enabled", "ip_allow_list",
                "message_retention_days", "deduct_on_verify"));
        QuotaSettings current = QuotaSettings.of(realm);
        int limit = (int) errors.integer(json, "rate_limit_per_minute", current.rateLimitPerMinute(), 0, 1_000_000,
                "Must be a whole number from 0 (off) to 1000000.");
        boolean enabled = errors.bool(json, "ip_allow_list_enabled", current.allowListEnabled());
        List<String> list = current.allowList();
        JsonNode listNode = json.get("ip_allow_list");
        if (listNode != null) {
            list = new ArrayList<>();
            if (!listNode.isArray() || listNode.size() > 100) {
                errors.add("ip_allow_list", "Must be a list of at most 100 IP addresses or CIDR ranges.");
            } else {
                for (JsonNode item : listNode) {
                    String value = item.isTextual() ? item.textValue() : item.toString();
                    Optional<CidrRange> range = item.isTextual() ? CidrRange.parse(value) : Optional.empty();
                    if (range.isEmpty()) {
                        errors.add("ip_allow_list", "'" + value + "' is not an IP address or CIDR range.");
                    } else {
                        list.add(range.get().toString());
                    }
                }
            }
        }
        int retention = (int) errors.integer(json, "message_retention_days", current.retentionDays(), 1, 3650,
                "Must be a whole number of days from 1 to 3650.");
        boolean deduct = errors.bool(json, "deduct_on_verify", current.deductOnVerify());
        if (!errors.has("ip_allow_list") && !errors.has("ip_allow_list_enabled") && enabled && list.isEmpty()) {
            errors.add("ip_allow_list", "An enabled allow-list needs at least one range.");
        }
        errors.throwIfAny();
        QuotaSettings updated = new QuotaSettings(limit, enabled, List.copyOf(list), retention, deduct);
        updated.store(realm);
        SettingsRepresentation result = SettingsRepresentation.of(updated);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(result)
                .success();
        return result;
    }

    @GET
    @Path("users/{username}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A user's plan and quotas (limit, used, remaining, override, reset time)",
            description = "Needs view-users (or, with fine-grained permissions, view on that user). A user nobody"
                    + " assigned a plan reads as the realm's default plan. The answer can be sent back to PUT"
                    + " users/{username}.")
    @APIResponse(responseCode = "200", description = "The user's plan and quotas.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = UserQuotaRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such user (to a caller who may query users), or no such"
            + " realm (answered by Keycloak).", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    public UserQuotaRepresentation getUser(@Parameter(description = "The user's username.")
            @PathParam("username") String username) {
        auth.users().requireQuery();
        UserModel user = user(username);
        auth.users().requireView(user);
        return UserQuotaRepresentation.of(session, realm, user);
    }

    /**
     * Sets a user's plan and per-quota overrides. Two bodies are accepted:
     * <ul>
     * <li>What GET answers, edited: {@code username} and {@code quotas} are derived and ignored. A
     * {@code subscription_plan} equal to the plan the user already reads as changes nothing: in particular a user who
     * follows the realm's default plan keeps following it (and will move when the default moves).</li>
     * <li>{@code limits}: quota name to allowance (the override; null returns to the plan's). The legacy
     * conversation-quota service's form {@code {"conversation_limit": c, "reset": r}} is read as its service read it:
     * {@code reset} was the allowance the counter refilled to, and {@code conversation_limit} the conversations left
     * now. So {@code r} becomes the override of the {@code conversation_limit} quota and {@code c} its remaining
     * amount, i.e. used = allowance - c (c above the allowance is refused: a window never holds more than its
     * allowance). Without {@code reset}, {@code conversation_limit} is the override, as for any other quota. A plan
     * that has a quota actually named {@code reset} reads {@code reset} as that quota.</li>
     * </ul>
     */
    @PUT
    @Path("users/{username}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Change a user's plan and quota allowances",
            description = "Needs manage-users (or, with fine-grained permissions, manage on that user). Accepts the"
                    + " body GET users/{username} answers (username and quotas are ignored), so a client may read,"
                    + " edit and write back. limits maps quota names to the user's own allowance; null returns to"
                    + " the plan's. The legacy form {\"conversation_limit\": 100, \"reset\": 100} sets the"
                    + " conversation_limit allowance to reset and its remaining amount to conversation_limit.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = UserQuotaRequest.class)))
    @APIResponse(responseCode = "200", description = "The user's plan and quotas after the change.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = UserQuotaRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid (an unknown"
            + " plan, a quota the plan does not have).",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "No such user (to a caller who may query users), or no such"
            + " realm (answered by Keycloak).", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public UserQuotaRepresentation putUser(@Parameter(description = "The user's username.")
            @PathParam("username") String username, String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        UserModel user = user(username);
        auth.users().requireManage(user);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("subscription_plan", "limits", "username", "quotas"));
        PlanCatalog catalog = quotas().catalog(realm);
        String plan = errors.string(json, "subscription_plan", false, null, 32);
        if (plan != null && catalog.plan(plan).isEmpty()) {
            errors.add("subscription_plan", "Unknown plan '" + plan + "'.");
        }
        QuotaPlan effective = plan != null && catalog.plan(plan).isPresent() ? catalog.plan(plan).get()
                : quotas().plan(realm, user);
        JsonNode limitsNode = json.get("limits");
        Long remaining = null;
        if (limitsNode != null && limitsNode.isObject() && limitsNode.has(LEGACY_RESET)
                && effective.quota(LEGACY_RESET).isEmpty()) {
            ObjectNode legacy = ((ObjectNode) limitsNode).deepCopy();
            JsonNode left = legacy.remove(LEGACY_QUOTA);
            legacy.set(LEGACY_QUOTA, legacy.remove(LEGACY_RESET));
            limitsNode = legacy;
            remaining = legacyRemaining(left, errors);
        }
        Map<String, Long> limits = limits(limitsNode, effective, errors);
        long allowance = 0;
        if (remaining != null && !errors.has("limits")) {
            Long override = limits.get(LEGACY_QUOTA);
            allowance = override != null ? override : effective.quota(LEGACY_QUOTA).orElseThrow().amount();
            if (remaining > allowance) {
                errors.add("limits", "conversation_limit (conversations left now) must not exceed reset (the"
                        + " allowance, " + allowance + ").");
            }
        }
        errors.throwIfAny();
        if (plan != null && changesPlan(user, plan, catalog)) {
            user.setSingleAttribute(QuotaProvider.PLAN_ATTRIBUTE, plan);
        }
        limits.forEach((quota, limit) -> quotas().setOverride(realm, user, null, quota, limit));
        if (remaining != null) {
            quotas().setUsed(realm, user, LEGACY_QUOTA, allowance - remaining);
        }
        UserQuotaRepresentation result = UserQuotaRepresentation.of(session, realm, user);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(result)
                .success();
        return result;
    }

    @POST
    @Path("users/{username}/reset")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset every quota of a user to unused",
            description = "Needs view-users and the realm role staff-support, or manage-users. Takes no body.")
    @APIResponse(responseCode = "200", description = "The user's plan and quotas after the reset.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = UserQuotaRepresentation.class)))
    @APIResponse(responseCode = "404", description = "No such user (to a caller who may query users), or no such"
            + " realm (answered by Keycloak).", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "415", description = "A body of a type other than application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public UserQuotaRepresentation resetUser(@Parameter(description = "The user's username.")
            @PathParam("username") String username) {
        requireReset();
        UserModel user = user(username);
        quotas().plan(realm, user).quotas().forEach(q -> quotas().setUsed(realm, user, q.name(), 0));
        return changed(UserQuotaRepresentation.of(session, realm, user));
    }

    @PUT
    @Path("users/{username}/quotas/{quota}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set how much of a quota a user has used in the current window",
            description = "Needs manage-users (or, with fine-grained permissions, manage on that user).")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = UsedRequest.class)))
    @APIResponse(responseCode = "200", description = "The quota after the change.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = QuotaStatusRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "No such user (to a caller who may query users), the user's"
            + " plan has no such quota, or no such realm (answered by Keycloak).", content = @Content(
                    mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public QuotaStatusRepresentation setUsed(@Parameter(description = "The user's username.")
            @PathParam("username") String username,
            @Parameter(description = "A quota of the user's plan.") @PathParam("quota") String quota, String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        UserModel user = user(username);
        auth.users().requireManage(user);
        long used = amount(json, "used", 0);
        return changed(QuotaStatusRepresentation.of(withQuota(() -> quotas().setUsed(realm, user, quota, used))));
    }

    @POST
    @Path("users/{username}/quotas/{quota}/increment")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add to (or, negative, take from) a user's usage of a quota",
            description = "Needs manage-users (or, with fine-grained permissions, manage on that user). Usage never"
                    + " goes below 0.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = IncrementRequest.class)))
    @APIResponse(responseCode = "200", description = "The quota after the change.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = QuotaStatusRepresentation.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "No such user (to a caller who may query users), the user's"
            + " plan has no such quota, or no such realm (answered by Keycloak).", content = @Content(
                    mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public QuotaStatusRepresentation increment(@Parameter(description = "The user's username.")
            @PathParam("username") String username,
            @Parameter(description = "A quota of the user's plan.") @PathParam("quota") String quota, String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        UserModel user = user(username);
        auth.users().requireManage(user);
        long amount = amount(json, "amount", -MAX_AMOUNT);
        return changed(QuotaStatusRepresentation.of(withQuota(() -> quotas().increment(realm, user, quota, amount))));
    }

    @PUT
    @Path("keys/{key_id}/limits")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Allowances for one API key on top of its owner's",
            description = "Needs manage-users (or, with fine-grained permissions, manage on the key's owner). A use"
                    + " of the key must fit both the key's and the owner's allowance; null removes the key's own.")
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(
            implementation = KeyLimitsDocument.class)))
    @APIResponse(responseCode = "200", description = "The limits the body set, as set.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = KeyLimitsDocument.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, or fields that are not valid.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "404", description = "No such API key in the realm, or no such realm (answered by"
            + " Keycloak).", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ADMIN_ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Map<String, Long> putKeyLimits(@Parameter(description = "The API key's id.")
            @PathParam("key_id") String keyId, String body) {
        auth.users().requireQuery();
        ObjectNode json = JsonBody.object(session, body);
        ApiKeyModel key = session.getProvider(ApiKeyProvider.class).get(realm, keyId)
                .orElseThrow(() -> ApiErrors.error(Response.Status.NOT_FOUND, "Not found"));
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            auth.users().requireManage();
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's owner was deleted.");
        }
        auth.users().requireManage(owner);
        FieldErrors errors = new FieldErrors();
        Map<String, Long> limits = limits(json, quotas().plan(realm, owner), errors);
        errors.throwIfAny();
        limits.forEach((quota, limit) -> quotas().setOverride(realm, owner, keyId, quota, limit));
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(limits).success();
        return limits;
    }

    @POST
    @Path("reset-limits")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset every quota of every user of the realm to unused",
            description = "Needs view-users and the realm role staff-support, or manage-users. Takes no body.")
    @APIResponse(responseCode = "200", description = "How many counters were reset.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "reset",
                    additionalProperties = Schema.False.class,
                    properties = @SchemaProperty(name = "reset", type = SchemaType.INTEGER, minimum = "0"))))
    @APIResponse(responseCode = "415", description = "A body of a type other than application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Map<String, Integer> resetAll() {
        requireReset();
        Map<String, Integer> result = Map.of("reset", quotas().resetAll(realm));
        return changed(result);
    }

    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Messages logged per UTC day, user and API key",
            description = "Needs view-users. Days from and to are inclusive; by default the last 30 days.")
    @APIResponse(responseCode = "200", description = "One row per day, user and key that logged messages.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.ARRAY,
                    implementation = DailyUsageRepresentation.class)))
    @APIResponse(responseCode = "400", description = "A day that is not YYYY-MM-DD, or from after to.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.FIELD_ERRORS)))
    public List<DailyUsageRepresentation> usage(
            @Parameter(description = "First UTC day, YYYY-MM-DD; by default 29 days before to.",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("from") String from,
            @Parameter(description = "Last UTC day, YYYY-MM-DD; by default today.",
                    schema = @Schema(type = SchemaType.STRING, format = "date")) @QueryParam("to") String to) {
        auth.users().requireView();
        FieldErrors errors = new FieldErrors();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        LocalDate toDay = day("to", to, today, errors);
        LocalDate fromDay = day("from", from, toDay.minusDays(29), errors);
        if (errors.isEmpty() && fromDay.isAfter(toDay)) {
            errors.add("from", "Must not be after to.");
        }
        errors.throwIfAny();
        return quotas().dailyUsage(realm, fromDay.toString(), toDay.toString()).stream()
                .map(DailyUsageRepresentation::of).toList();
    }

    @POST
    @Path("messages/retention")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Apply the message-log retention now",
            description = "Needs manage-realm. It also runs daily, once per cluster. Takes no body.")
    @APIResponse(responseCode = "200", description = "How many message-log records were removed.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(type = SchemaType.OBJECT, requiredProperties = "removed",
                    additionalProperties = Schema.False.class,
                    properties = @SchemaProperty(name = "removed", type = SchemaType.INTEGER, minimum = "0"))))
    @APIResponse(responseCode = "415", description = "A body of a type other than application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Map<String, Integer> applyRetention() {
        auth.realm().requireManageRealm();
        return changed(Map.of("removed", quotas().applyRetention(realm)));
    }

    /** The legacy body's conversations left now: a whole number, or null for "leave the usage alone". */
    private static Long legacyRemaining(JsonNode node, FieldErrors errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isIntegralNumber() || !node.canConvertToLong() || node.longValue() < 0
                || node.longValue() > MAX_AMOUNT) {
            errors.add("limits", "conversation_limit (conversations left now) must be a whole number from 0 to"
                    + " 1000000000, or null.");
            return null;
        }
        return node.longValue();
    }

    /** Whether storing {@code plan} changes what the user reads as, or repairs an attribute naming a gone plan. */
    private static boolean changesPlan(UserModel user, String plan, PlanCatalog catalog) {
        String stored = user.getFirstAttribute(QuotaProvider.PLAN_ATTRIBUTE);
        return stored == null ? !plan.equals(catalog.defaultPlan()) : !plan.equals(stored);
    }

    private static LocalDate day(String field, String value, LocalDate fallback, FieldErrors errors) {
        if (value == null) {
            return fallback;
        }
        try {
            if (value.length() == 10) {
                return LocalDate.parse(value);
            }
        } catch (DateTimeParseException e) {
            // Reported below.
        }
        errors.add(field, "Must be a date as YYYY-MM-DD.");
        return fallback;
    }

    /** Staff-support may reset usage; changing plans and limits stays with manage-users. */
    private void requireReset() {
        auth.users().requireView();
        RoleModel staff = realm.getRole(STAFF_ROLE);
        UserModel caller = auth.adminAuth().getUser();
        boolean isStaff = staff != null && auth.adminAuth().getRealm().getId().equals(realm.getId())
                && caller.hasRole(staff);
        if (!isStaff && !auth.users().canManage()) {
            throw new ForbiddenException();
        }
    }

    private <T> T changed(T representation) {
        adminEvent.operation(OperationType.ACTION).resourcePath(session.getContext().getUri())
                .representation(representation).success();
        return representation;
    }

    private Map<String, Long> limits(JsonNode node, QuotaPlan plan, FieldErrors errors) {
        Map<String, Long> limits = new LinkedHashMap<>();
        if (node == null) {
            return limits;
        }
        if (!node.isObject()) {
            errors.add("limits", "Must be a JSON object of quota names to amounts.");
            return limits;
        }
        node.fields().forEachRemaining(entry -> {
            String quota = entry.getKey();
            JsonNode value = entry.getValue();
            if (plan.quota(quota).isEmpty()) {
                errors.add("limits", "Plan '" + plan.name() + "' has no quota '" + quota + "'.");
            } else if (value.isNull()) {
                limits.put(quota, null);
            } else if (!value.isIntegralNumber() || !value.canConvertToLong() || value.longValue() < 0
                    || value.longValue() > 1_000_000_000L) {
                errors.add("limits", "The limit of '" + quota + "' must be a whole number from 0 to 1000000000,"
                        + " or null.");
            } else {
                limits.put(quota, value.longValue());
            }
        });
        return limits;
    }

    private static long amount(ObjectNode json, String field, long min) {
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of(field));
        String message = "Must be a whole number from " + min + " to 1000000000.";
        if (json.get(field) == null) {
            errors.add(field, message);
        }
        long amount = errors.integer(json, field, 0, min, 1_000_000_000L, message);
        errors.throwIfAny();
        return amount;
    }

    private static <T> T withQuota(Supplier<T> action) {
        try {
            return action.get();
        } catch (UnknownQuotaException e) {
            throw ApiErrors.error(Response.Status.NOT_FOUND, e.getMessage());
        }
    }

    private UserModel user(String username) {
        UserModel user = username == null || username.length() > 255 ? null
                : session.users().getUserByUsername(realm, username);
        if (user == null) {
            if (auth.users().canQuery()) {
                throw ApiErrors.error(Response.Status.NOT_FOUND, "Not found");
            }
            throw new ForbiddenException();
        }
        return user;
    }

    private QuotaProvider quotas() {
        return session.getProvider(QuotaProvider.class);
    }

    /** The realm's per-address protections, message retention and deduction on verify. */
    @Schema(name = "QuotaSettings", description = "The realm's quota settings.", requiredProperties = {
        "rate_limit_per_minute", "ip_allow_list_enabled", "ip_allow_list", "message_retention_days",
        "deduct_on_verify"})
    public record SettingsRepresentation(
            @Schema(minimum = "0", maximum = "1000000", description = "Requests per minute per client address;"
                    + " 0 is off.")
            @JsonProperty("rate_limit_per_minute") int rateLimitPerMinute,
            @Schema(description = "Whether API keys are only accepted from the addresses in ip_allow_list.")
            @JsonProperty("ip_allow_list_enabled") boolean allowListEnabled,
            @Schema(maxItems = 100, description = "IP addresses and CIDR ranges, as stored (normalized).")
            @JsonProperty("ip_allow_list") List<String> allowList,
            @Schema(minimum = "1", maximum = "3650", description = "Days the message log keeps records.")
            @JsonProperty("message_retention_days") int retentionDays,
            @Schema(description = "Whether a successful API-key verify deducts from the owner's quota.")
            @JsonProperty("deduct_on_verify") boolean deductOnVerify) {

        static SettingsRepresentation of(QuotaSettings settings) {
            return new SettingsRepresentation(settings.rateLimitPerMinute(), settings.allowListEnabled(),
                    settings.allowList(), settings.retentionDays(), settings.deductOnVerify());
        }
    }

    /** The body of PUT settings, for the OpenAPI document; {@link #putSettings} parses it field by field. */
    @Schema(name = "QuotaSettingsRequest", additionalProperties = Schema.False.class, description = "Any of the"
            + " settings; those left out keep their values. An enabled allow-list needs at least one range.")
    record SettingsRequest(
            @Schema(minimum = "0", maximum = "1000000") Integer rate_limit_per_minute,
            Boolean ip_allow_list_enabled,
            @Schema(maxItems = 100, description = "IP addresses or CIDR ranges (10.0.0.0/8, ::1); replaces the"
                    + " list.") List<String> ip_allow_list,
            @Schema(minimum = "1", maximum = "3650") Integer message_retention_days,
            Boolean deduct_on_verify) {
    }

    /** The plan catalog as GET plans answers and PUT plans accepts, for the OpenAPI document ({@link PlanCatalog}). */
    @Schema(name = "QuotaPlanCatalog", additionalProperties = Schema.False.class,
            requiredProperties = {"default_plan", "default_quota", "plans"},
            description = "A realm's plans. The default plan must be one of them, and every plan must define the"
                    + " default quota.")
    record PlanCatalogDocument(
            @Schema(pattern = "^[a-z][a-z0-9_-]{0,31}$", description = "The plan of users nobody assigned one.")
            String default_plan,
            @Schema(pattern = "^[a-z][a-z0-9_-]{0,31}$", description = "The quota a verify deducts when it names"
                    + " none.") String default_quota,
            @Schema(pattern = "^([01][0-9]|2[0-3]):[0-5][0-9]$", defaultValue = "00:00",
                    description = "The UTC time of day daily quotas refill (monthly ones on the 1st at that time).")
            String daily_reset_utc,
            @Schema(minItems = 1, maxItems = 20) List<PlanDocument> plans) {
    }

    /** One plan of {@link PlanCatalogDocument}. */
    @Schema(name = "QuotaPlan", additionalProperties = Schema.False.class, requiredProperties = {"name", "quotas"})
    record PlanDocument(
            @Schema(pattern = "^[a-z][a-z0-9_-]{0,31}$") String name,
            @Schema(minItems = 1, maxItems = 20, description = "Quota names are unique"
                    + " within a plan.") List<PlanQuotaDocument> quotas) {
    }

    /** One quota of a {@link PlanDocument}. */
    @Schema(name = "QuotaPlanQuota", additionalProperties = Schema.False.class, requiredProperties = {"name",
        "amount"}, description = "amount units per window; an interval refill needs interval_seconds, the others"
                + " take none.")
    record PlanQuotaDocument(
            @Schema(pattern = "^[a-z][a-z0-9_-]{0,31}$") String name,
            @Schema(minimum = "0", maximum = "1000000000") Long amount,
            @Schema(enumeration = {"daily", "monthly", "interval"}, defaultValue = "daily") String refill,
            @Schema(minimum = "1", maximum = "31622400") Long interval_seconds) {
    }

    /** The body of PUT users/{username}, for the OpenAPI document; {@link #putUser} parses it field by field. */
    @Schema(name = "UserQuotaRequest", additionalProperties = Schema.False.class, description = "A user's plan and"
            + " allowances. What GET users/{username} answers is accepted as is: username and quotas are ignored.")
    record UserQuotaRequest(
            @Schema(maxLength = 32, nullable = true, description = "One of the realm's plans; absent or null keeps"
                    + " the user's.") String subscription_plan,
            @Schema(implementation = UserLimitsDocument.class) Map<String, Long> limits,
            @Schema(readOnly = true, description = "Ignored.") String username,
            @Schema(readOnly = true, description = "Ignored.") List<QuotaStatusRepresentation> quotas) {
    }

    /** {@code limits} of {@link UserQuotaRequest}. */
    @Schema(name = "UserQuotaLimits", type = SchemaType.OBJECT, additionalProperties = AllowanceDocument.class,
            description = "Quota name to the user's own allowance (null: the plan's). With reset, the legacy form:"
                    + " reset is the conversation_limit allowance and conversation_limit the amount left now (at"
                    + " most the allowance).",
            properties = @SchemaProperty(name = LEGACY_RESET, type = SchemaType.INTEGER, nullable = true,
                    minimum = "0", maximum = "1000000000", description = "Legacy: the conversation_limit"
                            + " allowance."))
    abstract static class UserLimitsDocument {
    }

    /** The body and answer of PUT keys/{key_id}/limits. */
    @Schema(name = "ApiKeyQuotaLimits", type = SchemaType.OBJECT, additionalProperties = AllowanceDocument.class,
            description = "Quota name (of the owner's plan) to the key's own allowance; null removes it.")
    abstract static class KeyLimitsDocument {
    }

    /** One allowance: a whole number, or null for "none of its own". */
    @Schema(name = "QuotaAllowance", type = SchemaType.INTEGER, nullable = true, minimum = "0",
            maximum = "1000000000")
    abstract static class AllowanceDocument {
    }

    /** The body of PUT users/{username}/quotas/{quota}. */
    @Schema(name = "QuotaUsedRequest", additionalProperties = Schema.False.class, requiredProperties = "used")
    record UsedRequest(@Schema(minimum = "0", maximum = "1000000000") Long used) {
    }

    /** The body of POST users/{username}/quotas/{quota}/increment. */
    @Schema(name = "QuotaIncrementRequest", additionalProperties = Schema.False.class, requiredProperties = "amount")
    record IncrementRequest(@Schema(minimum = "-1000000000", maximum = "1000000000") Long amount) {
    }
}
