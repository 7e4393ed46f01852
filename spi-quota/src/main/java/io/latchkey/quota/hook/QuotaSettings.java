package io.latchkey.quota.hook;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.RealmModel;

import io.latchkey.common.net.CidrRange;

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

    /**
     * Parsed settings by realm id, with the attribute values they were parsed from: every verify reads them (twice),
     * and comparing five strings that Keycloak's realm cache holds is cheaper than parsing them and the allow-list's
     * ranges again. A change on any node reaches every node through Keycloak's realm cache, and the next read here
     * parses it; no event is needed.
     */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    public static QuotaSettings of(RealmModel realm) {
        return parsed(realm).settings();
    }

    /** Drops a removed realm's parsed settings. */
    public static void forget(String realmId) {
        PARSED.remove(realmId);
    }

    static Parsed parsed(RealmModel realm) {
        return parsed(realm.getId(), Arrays.asList(realm.getAttribute(RATE_LIMIT),
                realm.getAttribute(ALLOW_LIST_ENABLED), realm.getAttribute(ALLOW_LIST), realm.getAttribute(RETENTION),
                realm.getAttribute(DEDUCT)));
    }

    /** The settings parsed from {@code raw} (the attributes in {@link #parsed(RealmModel)}'s order), once per change. */
    static Parsed parsed(String realmId, List<String> raw) {
        Parsed parsed = PARSED.get(realmId);
        if (parsed != null && parsed.raw().equals(raw)) {
            return parsed;
        }
        String list = raw.get(2);
        QuotaSettings settings = new QuotaSettings(number(raw.get(0), 0), Boolean.parseBoolean(raw.get(1)),
                list == null || list.isBlank() ? List.of() : List.of(list.trim().split("\\s+")),
                number(raw.get(3), DEFAULT_RETENTION_DAYS), !"false".equals(raw.get(4)));
        parsed = new Parsed(raw, settings,
                settings.allowList().stream().map(CidrRange::parse).flatMap(Optional::stream).toList());
        PARSED.put(realmId, parsed);
        return parsed;
    }

    /**
     * Settings with the allow-list's ranges parsed; an entry that is not a range (only a hand-edited attribute has one)
     * admits nobody.
     */
    record Parsed(List<String> raw, QuotaSettings settings, List<CidrRange> allowedRanges) {

        /** Whether API keys may be used from {@code clientIp}: from anywhere when the allow-list is off. */
        boolean allows(String clientIp) {
            return !settings.allowListEnabled() || allowedRanges.stream().anyMatch(range -> range.contains(clientIp));
        }
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
