package io.latchkey.quota.hook;

import java.util.Arrays;
import java.util.List;

import org.keycloak.models.RealmModel;

/**
 * A realm's per-address protections (the legacy service's {@code RATE_LIMIT_PER_MINUTE}, {@code ENABLE_IP_WHITELIST} and
 * {@code WHITELISTED_IPS}), as realm attributes.
 *
 * @param rateLimitPerMinute requests per client address per minute on the bundle's public endpoints; 0 is off
 * @param allowListEnabled   whether API keys may be used only from {@code allowList}
 * @param allowList          CIDR ranges
 * @param retentionDays      how long message-log records are kept (default 90 days)
 * @param deductOnVerify     whether API-key verify deducts quota (default true; off for realms using keys only)
 */
public record QuotaSettings(int rateLimitPerMinute, boolean allowListEnabled, List<String> allowList,
        int retentionDays, boolean deductOnVerify) {

    public static final int DEFAULT_RETENTION_DAYS = 90;
    static final String RETENTION = "latchkey.quota.message-retention-days";
    static final String DEDUCT = "latchkey.quota.deduct-on-verify";

    static final String RATE_LIMIT = "latchkey.quota.rate-limit-per-minute";
    static final String ALLOW_LIST_ENABLED = "latchkey.quota.ip-allow-list-enabled";
    static final String ALLOW_LIST = "latchkey.quota.ip-allow-list";

    public static QuotaSettings of(RealmModel realm) {
        String limit = realm.getAttribute(RATE_LIMIT);
        String list = realm.getAttribute(ALLOW_LIST);
        return new QuotaSettings(number(limit, 0), Boolean.parseBoolean(realm.getAttribute(ALLOW_LIST_ENABLED)),
                list == null || list.isBlank() ? List.of() : Arrays.asList(list.trim().split("\\s+")),
                number(realm.getAttribute(RETENTION), DEFAULT_RETENTION_DAYS),
                !"false".equals(realm.getAttribute(DEDUCT)));
    }

    /** Written only by the admin endpoint; a missing or hand-edited value means the default. */
    private static int number(String value, int fallback) {
        try {
            return value == null ? fallback : Math.max(0, Integer.parseInt(value));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }

    public void store(RealmModel realm) {
        realm.setAttribute(RATE_LIMIT, Integer.toString(rateLimitPerMinute));
        realm.setAttribute(ALLOW_LIST_ENABLED, Boolean.toString(allowListEnabled));
        realm.setAttribute(ALLOW_LIST, String.join(" ", allowList));
        realm.setAttribute(RETENTION, Integer.toString(retentionDays));
        realm.setAttribute(DEDUCT, Boolean.toString(deductOnVerify));
    }
}
