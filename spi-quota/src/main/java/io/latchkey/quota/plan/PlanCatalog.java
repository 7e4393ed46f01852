package io.latchkey.quota.plan;

import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.common.rest.FieldErrors;

/**
 * A realm's plans, which plan users get by default, which quota a verify deducts by default, and the UTC time daily
 * quotas refill. Kept as JSON (a realm attribute); {@link #parse} reports every problem as a field error.
 */
public record PlanCatalog(String defaultPlan, String defaultQuota, LocalTime dailyResetUtc, List<QuotaPlan> plans) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]{0,31}");
    static final int MAX_PLANS = 20;
    static final int MAX_QUOTAS = 20;

    /** The legacy service's plans: free users get 10 conversations and 5 credits a day, premium users 100 and 50. */
    public static final PlanCatalog DEFAULT = new PlanCatalog("free", "conversation_limit", LocalTime.MIDNIGHT, List.of(
            new QuotaPlan("free", List.of(new QuotaDefinition("conversation_limit", 10, Refill.DAILY),
                    new QuotaDefinition("credits", 5, Refill.DAILY))),
            new QuotaPlan("premium", List.of(new QuotaDefinition("conversation_limit", 100, Refill.DAILY),
                    new QuotaDefinition("credits", 50, Refill.DAILY)))));

    public Optional<QuotaPlan> plan(String name) {
        return plans.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** The plan a user with {@code assigned} (possibly null or unknown) is on. */
    public QuotaPlan planFor(String assigned) {
        return plan(assigned).orElseGet(() -> plan(defaultPlan).orElseThrow());
    }

    public ObjectNode toJson() {
        ObjectNode root = JSON.createObjectNode();
        root.put("default_plan", defaultPlan);
        root.put("default_quota", defaultQuota);
        root.put("daily_reset_utc", dailyResetUtc.toString());
        ArrayNode planArray = root.putArray("plans");
        for (QuotaPlan plan : plans) {
            ObjectNode p = planArray.addObject();
            p.put("name", plan.name());
            ArrayNode quotas = p.putArray("quotas");
            for (QuotaDefinition quota : plan.quotas()) {
                ObjectNode q = quotas.addObject();
                q.put("name", quota.name());
                q.put("amount", quota.amount());
                q.put("refill", quota.refill().label());
                if (quota.refill().kind() == Refill.Kind.INTERVAL) {
                    q.put("interval_seconds", quota.refill().intervalSeconds());
                }
            }
        }
        return root;
    }

    /** Parses and validates a catalog; every problem lands in {@code errors} (then the result is null). */
    public static PlanCatalog parse(JsonNode root, FieldErrors errors) {
        if (root == null || !root.isObject()) {
            errors.add("plans", "Must be a JSON object.");
            return null;
        }
        errors.rejectUnknown((ObjectNode) root, List.of("default_plan", "default_quota", "daily_reset_utc", "plans"));
        LocalTime reset = LocalTime.MIDNIGHT;
        JsonNode resetNode = root.get("daily_reset_utc");
        if (resetNode != null) {
            try {
                reset = LocalTime.parse(resetNode.asText());
                if (!resetNode.isTextual() || reset.getSecond() != 0 || reset.getNano() != 0) {
                    throw new DateTimeParseException("seconds", resetNode.asText(), 0);
                }
            } catch (DateTimeParseException e) {
                errors.add("daily_reset_utc", "Must be a UTC time of day as HH:MM.");
            }
        }
        List<QuotaPlan> plans = new ArrayList<>();
        JsonNode planNodes = root.get("plans");
        if (planNodes == null || !planNodes.isArray() || planNodes.isEmpty() || planNodes.size() > MAX_PLANS) {
            errors.add("plans", "Must be a list of 1 to " + MAX_PLANS + " plans.");
        } else {
            Set<String> names = new LinkedHashSet<>();
            for (int i = 0; i < planNodes.size(); i++) {
                QuotaPlan plan = plan(planNodes.get(i), "plans[" + i + "]", errors);
                if (plan != null && !names.add(plan.name())) {
                    errors.add("plans[" + i + "].name", "Duplicate plan '" + plan.name() + "'.");
                }
                plans.add(plan);
            }
        }
        String defaultPlan = text(root, "default_plan", errors);
        String defaultQuota = text(root, "default_quota", errors);
        if (errors.isEmpty()) {
            if (plans.stream().noneMatch(p -> p.name().equals(defaultPlan))) {
                errors.add("default_plan", "Must name one of the plans.");
            }
            if (plans.stream().anyMatch(p -> p.quota(defaultQuota).isEmpty())) {
                errors.add("default_quota", "Every plan must define the default quota '" + defaultQuota + "'.");
            }
        }
        return errors.isEmpty() ? new PlanCatalog(defaultPlan, defaultQuota, reset, List.copyOf(plans)) : null;
    }

    private static QuotaPlan plan(JsonNode node, String path, FieldErrors errors) {
        if (!node.isObject()) {
            errors.add(path, "Must be a JSON object.");
            return null;
        }
        unknown((ObjectNode) node, List.of("name", "quotas"), path, errors);
        String name = name(node.get("name"), path + ".name", errors);
        JsonNode quotaNodes = node.get("quotas");
        if (quotaNodes == null || !quotaNodes.isArray() || quotaNodes.isEmpty() || quotaNodes.size() > MAX_QUOTAS) {
            errors.add(path + ".quotas", "Must be a list of 1 to " + MAX_QUOTAS + " quotas.");
            return null;
        }
        Map<String, QuotaDefinition> quotas = new LinkedHashMap<>();
        for (int i = 0; i < quotaNodes.size(); i++) {
            QuotaDefinition quota = quota(quotaNodes.get(i), path + ".quotas[" + i + "]", errors);
            if (quota != null && quotas.put(quota.name(), quota) != null) {
                errors.add(path + ".quotas[" + i + "].name", "Duplicate quota '" + quota.name() + "'.");
            }
        }
        return name == null ? null : new QuotaPlan(name, List.copyOf(quotas.values()));
    }

    private static QuotaDefinition quota(JsonNode node, String path, FieldErrors errors) {
        if (!node.isObject()) {
            errors.add(path, "Must be a JSON object.");
            return null;
        }
        unknown((ObjectNode) node, List.of("name", "amount", "refill", "interval_seconds"), path, errors);
        String name = name(node.get("name"), path + ".name", errors);
        JsonNode amount = node.get("amount");
        if (amount == null || !amount.isIntegralNumber() || !amount.canConvertToLong() || amount.longValue() < 0
                || amount.longValue() > 1_000_000_000L) {
            errors.add(path + ".amount", "Must be a whole number from 0 to 1000000000.");
        }
        Refill refill = refill(node, path, errors);
        return name == null || refill == null || errors.has(path + ".amount") ? null
                : new QuotaDefinition(name, amount.longValue(), refill);
    }

    private static Refill refill(JsonNode node, String path, FieldErrors errors) {
        JsonNode kind = node.get("refill");
        JsonNode interval = node.get("interval_seconds");
        String value = kind == null ? "daily" : kind.isTextual() ? kind.textValue() : "";
        switch (value) {
            case "daily":
            case "monthly":
                if (interval != null) {
                    errors.add(path + ".interval_seconds", "Only an interval refill takes interval_seconds.");
                    return null;
                }
                return value.equals("daily") ? Refill.DAILY : Refill.MONTHLY;
            case "interval":
                if (interval == null || !interval.isIntegralNumber() || !interval.canConvertToLong()
                        || interval.longValue() < 1 || interval.longValue() > 366L * 86_400) {
                    errors.add(path + ".interval_seconds", "Must be a whole number of seconds from 1 to 31622400.");
                    return null;
                }
                return Refill.every(interval.longValue());
            default:
                errors.add(path + ".refill", "Must be daily, monthly or interval.");
                return null;
        }
    }

    private static String text(JsonNode root, String field, FieldErrors errors) {
        JsonNode node = root.get(field);
        if (node == null || !node.isTextual()) {
            errors.add(field, "Must be a string.");
            return null;
        }
        return node.textValue();
    }

    private static String name(JsonNode node, String path, FieldErrors errors) {
        if (node == null || !node.isTextual() || !NAME.matcher(node.textValue()).matches()) {
            errors.add(path, "Must be 1 to 32 lower-case letters, digits, '_' or '-', starting with a letter.");
            return null;
        }
        return node.textValue();
    }

    private static void unknown(ObjectNode node, List<String> allowed, String path, FieldErrors errors) {
        node.fieldNames().forEachRemaining(field -> {
            if (!allowed.contains(field)) {
                errors.add(path + "." + field, "Unknown field.");
            }
        });
    }
}
