package io.latchkey.quota.rest;

import java.io.IOException;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import io.latchkey.common.console.ConsolePageFactory;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.quota.plan.Allowance;
import io.latchkey.quota.plan.PlanCatalog;
import io.latchkey.quota.plan.QuotaDefinition;
import io.latchkey.quota.plan.QuotaPlan;
import io.latchkey.quota.spi.QuotaProvider;

/**
 * <em>Quota plans</em> in the admin console: one row per plan, with its quotas as name → allowance pairs. The plans
 * stay in the realm's catalog ({@code /admin/realms/{realm}/quota/plans}); the default quota and the daily reset
 * time are set there only.
 */
public final class QuotaPlansPage extends ConsolePageFactory {

    public static final String ID = "latchkey-quota-plans";
    static final String NAME = "name";
    static final String DEFAULT = "default";
    static final String QUOTAS = "quotas";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return ProviderConfigurationBuilder.create()
                .property().name(NAME).label("latchkey-plan-name").helpText("latchkey-plan-name-help")
                .type(ProviderConfigProperty.STRING_TYPE).required(true).add()
                .property().name(DEFAULT).label("latchkey-plan-default").helpText("latchkey-plan-default-help")
                .type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false").add()
                .property().name(QUOTAS).label("latchkey-plan-quotas").helpText("latchkey-plan-quotas-help")
                .type(ProviderConfigProperty.MAP_TYPE).required(true).add()
                .build();
    }

    /** The list shows name and default; the quotas column would be the key/value list's raw JSON. */
    @Override
    public Map<String, Object> getTypeMetadata() {
        return Map.of("displayFields", List.of(NAME, DEFAULT));
    }

    @Override
    protected String keyProperty() {
        return NAME;
    }

    @Override
    protected List<Map<String, List<String>>> read(KeycloakSession session, RealmModel realm) {
        PlanCatalog catalog = session.getProvider(QuotaProvider.class).catalog(realm);
        List<Map<String, List<String>>> items = new ArrayList<>();
        for (QuotaPlan plan : catalog.plans()) {
            ArrayNode quotas = JSON.createArrayNode();
            plan.quotas().forEach(q -> quotas.addObject().put("key", q.name()).put("value", Allowance.format(q)));
            items.add(item(NAME, plan.name(), DEFAULT, Boolean.toString(plan.name().equals(catalog.defaultPlan())),
                    QUOTAS, quotas.toString()));
        }
        return items;
    }

    @Override
    protected void checkItem(MultivaluedHashMap<String, String> config) {
        QuotaPlan plan = plan(config);
        String firstQuota = plan.quotas().isEmpty() ? "" : plan.quotas().get(0).name();
        validate(new PlanCatalog(plan.name(), firstQuota, LocalTime.MIDNIGHT, List.of(plan)));
    }

    @Override
    protected void write(KeycloakSession session, RealmModel realm, List<Map<String, List<String>>> items,
            String changedKey) {
        QuotaProvider quotas = session.getProvider(QuotaProvider.class);
        PlanCatalog current = quotas.catalog(realm);
        List<QuotaPlan> plans = new ArrayList<>();
        List<String> flagged = new ArrayList<>();
        for (Map<String, List<String>> item : items) {
            QuotaPlan plan = plan(item);
            plans.add(plan);
            if (Boolean.parseBoolean(first(item, DEFAULT))) {
                flagged.add(plan.name());
            }
        }
        String defaultPlan;
        if (changedKey != null && flagged.contains(changedKey)) {
            defaultPlan = changedKey;
        } else if (flagged.contains(current.defaultPlan())) {
            defaultPlan = current.defaultPlan();
        } else if (changedKey == null && plans.stream().noneMatch(p -> p.name().equals(current.defaultPlan()))) {
            throw new IllegalArgumentException("Plan '" + current.defaultPlan() + "' is the default plan: make another"
                    + " plan the default before deleting it.");
        } else {
            throw new IllegalArgumentException("One plan must be the default: switch on 'Default plan' on the plan"
                    + " users should get instead.");
        }
        PlanCatalog catalog = new PlanCatalog(defaultPlan, current.defaultQuota(), current.dailyResetUtc(), plans);
        quotas.setCatalog(realm, validate(catalog));
    }

    /** The catalog as {@link PlanCatalog#parse} accepts it, or an exception with every problem in words. */
    private static PlanCatalog validate(PlanCatalog catalog) {
        FieldErrors errors = new FieldErrors();
        PlanCatalog parsed = PlanCatalog.parse(catalog.toJson(), errors);
        if (parsed != null) {
            return parsed;
        }
        throw new IllegalArgumentException(sentences(errors, field -> {
            int close = field.indexOf(']');
            if (field.startsWith("plans[") && close > 0) {
                QuotaPlan plan = catalog.plans().get(Integer.parseInt(field.substring(6, close)));
                String rest = field.substring(close + 1).replaceFirst("^\\.", "");
                return "Plan '" + plan.name() + "'" + (rest.isEmpty() ? "" : " " + rest);
            }
            return field.equals("plans") ? "Plans" : field.equals("default_quota") ? "Default quota" : field;
        }));
    }

    /** One page item as a plan; quotas keep their order. */
    private static QuotaPlan plan(Map<String, List<String>> item) {
        String name = first(item, NAME).trim();
        if (name.isEmpty()) {
            throw new IllegalArgumentException("Name: a plan needs a name.");
        }
        Map<String, QuotaDefinition> quotas = new LinkedHashMap<>();
        String json = first(item, QUOTAS);
        JsonNode pairs;
        try {
            pairs = json.isBlank() ? JSON.createArrayNode() : JSON.readTree(json);
        } catch (IOException e) {
            pairs = null;
        }
        if (pairs == null || !pairs.isArray()) {
            throw new IllegalArgumentException("Plan '" + name + "': quotas must be a list of name and allowance pairs.");
        }
        for (JsonNode pair : pairs) {
            String quota = pair.path("key").asText("").trim();
            if (quota.isEmpty()) {
                continue;
            }
            if (quotas.put(quota, Allowance.parse(quota, pair.path("value").asText(""))) != null) {
                throw new IllegalArgumentException("Plan '" + name + "': quota '" + quota + "' is listed twice.");
            }
        }
        if (quotas.isEmpty()) {
            throw new IllegalArgumentException("Plan '" + name + "': add at least one quota, e.g. conversation_limit"
                    + " = 10 daily.");
        }
        return new QuotaPlan(name, List.copyOf(quotas.values()));
    }
}
