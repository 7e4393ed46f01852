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
 * {@code /admin/realms/{realm}/quota}: plans, per-address protections, and users' quotas (seed 002's admin user
 * update and reset-limits). Viewing needs view-users; resetting, view-users and the realm role {@code staff-support}
 * (or manage-users); changing plans, limits and usage, manage-users; plans and settings, view/manage-realm.
 */
@Tag(name = "Quota (admin)")
public final class QuotaAdminResource {

    static final String RESOURCE_TYPE = "LATCHKEY_QUOTA";
    public static final String STAFF_ROLE = "staff-support";

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
    @Operation(summary = "The realm's plans, default plan and quota, and daily reset time")
    public JsonNode getPlans() {
        auth.realm().requireViewRealm();
        return quotas().catalog(realm).toJson();
    }

    @PUT
    @Path("plans")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the realm's plans",
            description = "{\"default_plan\": \"free\", \"default_quota\": \"conversation_limit\", \"daily_reset_utc\":"
                    + " \"00:00\", \"plans\": [{\"name\": \"free\", \"quotas\": [{\"name\": \"conversation_limit\","
                    + " \"amount\": 10, \"refill\": \"daily\"}]}]}; refill is daily, monthly, or interval with"
                    + " interval_seconds.")
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
    @Operation(summary = "Per-address rate limit and API-key IP allow-list")
    public SettingsRepresentation getSettings() {
        auth.realm().requireViewRealm();
        return SettingsRepresentation.of(QuotaSettings.of(realm));
    }

    @PUT
    @Path("settings")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Update the rate limit and allow-list: {\"rate_limit_per_minute\": 60,"
            + " \"ip_allow_list_enabled\": false, \"ip_allow_list\": [\"10.0.0.0/8\"]}")
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
    @Operation(summary = "A user's plan and quotas (limit, used, remaining, override, reset time)")
    public UserQuotaRepresentation getUser(@PathParam("username") String username) {
        auth.users().requireQuery();
        UserModel user = user(username);
        auth.users().requireView(user);
        return UserQuotaRepresentation.of(session, realm, user);
    }

    @PUT
    @Path("users/{username}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed 002's admin user update: {\"subscription_plan\": \"premium\", \"limits\":"
            + " {\"conversation_limit\": 100}}; a null limit returns to the plan's")
    public UserQuotaRepresentation putUser(@PathParam("username") String username, String body) {
        auth.users().requireQuery();
        UserModel user = user(username);
        auth.users().requireManage(user);
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, List.of("subscription_plan", "limits"));
        PlanCatalog catalog = quotas().catalog(realm);
        String plan = errors.string(json, "subscription_plan", false, null, 32);
        if (plan != null && catalog.plan(plan).isEmpty()) {
            errors.add("subscription_plan", "Unknown plan '" + plan + "'.");
        }
        QuotaPlan effective = plan != null && catalog.plan(plan).isPresent() ? catalog.plan(plan).get()
                : quotas().plan(realm, user);
        Map<String, Long> limits = limits(json.get("limits"), effective, errors);
        errors.throwIfAny();
        if (plan != null) {
            user.setSingleAttribute(QuotaProvider.PLAN_ATTRIBUTE, plan);
        }
        limits.forEach((quota, limit) -> quotas().setOverride(realm, user, null, quota, limit));
        UserQuotaRepresentation result = UserQuotaRepresentation.of(session, realm, user);
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri()).representation(result)
                .success();
        return result;
    }

    @POST
    @Path("users/{username}/reset")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Reset every quota of a user to unused (staff-support may)")
    public UserQuotaRepresentation resetUser(@PathParam("username") String username) {
        requireReset();
        UserModel user = user(username);
        quotas().plan(realm, user).quotas().forEach(q -> quotas().setUsed(realm, user, q.name(), 0));
        return changed(UserQuotaRepresentation.of(session, realm, user));
    }

    @PUT
    @Path("users/{username}/quotas/{quota}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Set how much of a quota a user has used in the current window: {\"used\": 3}")
    public QuotaStatusRepresentation setUsed(@PathParam("username") String username, @PathParam("quota") String quota,
            String body) {
        auth.users().requireQuery();
        UserModel user = user(username);
        auth.users().requireManage(user);
        long used = amount(body, "used", 0);
        return changed(QuotaStatusRepresentation.of(withQuota(() -> quotas().setUsed(realm, user, quota, used))));
    }

    @POST
    @Path("users/{username}/quotas/{quota}/increment")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Add to (or, negative, take from) a user's usage: {\"amount\": 5}")
    public QuotaStatusRepresentation increment(@PathParam("username") String username,
            @PathParam("quota") String quota, String body) {
        auth.users().requireQuery();
        UserModel user = user(username);
        auth.users().requireManage(user);
        long amount = amount(body, "amount", -1_000_000_000L);
        return changed(QuotaStatusRepresentation.of(withQuota(() -> quotas().increment(realm, user, quota, amount))));
    }

    @PUT
    @Path("keys/{key_id}/limits")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Limits for one API key on top of its owner's: {\"conversation_limit\": 20}; null removes")
    public Map<String, Long> putKeyLimits(@PathParam("key_id") String keyId, String body) {
        auth.users().requireQuery();
        ApiKeyModel key = session.getProvider(ApiKeyProvider.class).get(realm, keyId)
                .orElseThrow(() -> ApiErrors.error(Response.Status.NOT_FOUND, "Not found"));
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            auth.users().requireManage();
            throw ApiErrors.error(Response.Status.CONFLICT, "The key's owner was deleted.");
        }
        auth.users().requireManage(owner);
        FieldErrors errors = new FieldErrors();
        Map<String, Long> limits = limits(JsonBody.object(session, body), quotas().plan(realm, owner), errors);
        errors.throwIfAny();
        limits.forEach((quota, limit) -> quotas().setOverride(realm, owner, keyId, quota, limit));
        adminEvent.operation(OperationType.UPDATE).resourcePath(session.getContext().getUri())
                .representation(limits).success();
        return limits;
    }

    @POST
    @Path("reset-limits")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Seed 002's reset-limits: every quota of every user of the realm back to unused")
    public Map<String, Integer> resetAll() {
        requireReset();
        Map<String, Integer> result = Map.of("reset", quotas().resetAll(realm));
        return changed(result);
    }

    @GET
    @Path("usage")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Messages logged per UTC day, user and API key: ?from=YYYY-MM-DD&to=YYYY-MM-DD (default: the"
            + " last 30 days)")
    public List<DailyUsageRepresentation> usage(@QueryParam("from") String from, @QueryParam("to") String to) {
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
    @Operation(summary = "Apply the message-log retention now (it also runs daily, once per cluster)")
    public Map<String, Integer> applyRetention() {
        auth.realm().requireManageRealm();
        return changed(Map.of("removed", quotas().applyRetention(realm)));
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

    private long amount(String body, String field, long min) {
        ObjectNode json = JsonBody.object(session, body);
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

    /** The realm's per-address protections. */
    public record SettingsRepresentation(
            @JsonProperty("rate_limit_per_minute") int rateLimitPerMinute,
            @JsonProperty("ip_allow_list_enabled") boolean allowListEnabled,
            @JsonProperty("ip_allow_list") List<String> allowList,
            @JsonProperty("message_retention_days") int retentionDays,
            @JsonProperty("deduct_on_verify") boolean deductOnVerify) {

        static SettingsRepresentation of(QuotaSettings settings) {
            return new SettingsRepresentation(settings.rateLimitPerMinute(), settings.allowListEnabled(),
                    settings.allowList(), settings.retentionDays(), settings.deductOnVerify());
        }
    }
}
