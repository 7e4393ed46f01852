package io.latchkey.apikeys.spi;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

import org.keycloak.models.RealmModel;

import io.latchkey.apikeys.keys.KeyFormat;
import io.latchkey.apikeys.lifetime.LifetimePolicy;

/**
 * A realm's API-key settings, kept as realm attributes so they travel with realm exports and Keycloak caches and
 * invalidates them across the cluster.
 *
 * @param prefix           what keys start with: {@code sk_} (Stripe-style) by default, {@code pe-} for the legacy conversation-quota service's keys
 * @param environments     e.g. {@code live}, {@code test}; empty for keys without an environment segment
 * @param revealReason     whether a failed verify tells the caller why (off by default: only events say why)
 * @param previousFormats  formats used before ({@code sk_:live,test}), so changing the format does not invalidate
 *                         issued keys
 */
public record ApiKeySettings(String prefix, List<String> environments, boolean revealReason,
        List<String> previousFormats) {

    static final String PREFIX = "latchkey.api-keys.prefix";
    static final String ENVIRONMENTS = "latchkey.api-keys.environments";
    static final String REVEAL_REASON = "latchkey.api-keys.reveal-reason";
    static final String PREVIOUS_FORMATS = "latchkey.api-keys.previous-formats";
    /** Realm attribute: client ids (space-separated) put in the audience of every token exchanged from a key. */
    public static final String TOKEN_AUDIENCE = "latchkey.api-keys.token-audience";

    public static final ApiKeySettings DEFAULT = new ApiKeySettings(KeyFormat.STRIPE_STYLE.prefix(),
            KeyFormat.STRIPE_STYLE.environments(), false, List.of());

    /**
     * Parsed settings by realm id, with the attribute values they were parsed from: every verify reads the settings,
     * and comparing four strings (Keycloak's realm cache holds them) is cheaper than parsing them again. A change on
     * any node reaches every node through Keycloak's realm cache, and the next read here parses it.
     */
    private static final Map<String, Parsed> PARSED = new ConcurrentHashMap<>();

    public static ApiKeySettings of(RealmModel realm) {
        return parsed(realm).settings();
    }

    /** {@link #acceptedFormats()} of the realm's settings, parsed once per change of them. */
    public static List<KeyFormat> acceptedFormats(RealmModel realm) {
        return parsed(realm).formats();
    }

    /** Drops a removed realm's parsed settings. */
    public static void forget(String realmId) {
        PARSED.remove(realmId);
    }

    private static Parsed parsed(RealmModel realm) {
        List<String> raw = Arrays.asList(realm.getAttribute(PREFIX), realm.getAttribute(ENVIRONMENTS),
                realm.getAttribute(REVEAL_REASON), realm.getAttribute(PREVIOUS_FORMATS));
        Parsed parsed = PARSED.get(realm.getId());
        if (parsed != null && parsed.raw().equals(raw)) {
            return parsed;
        }
        String prefix = raw.get(0);
        String environments = raw.get(1);
        ApiKeySettings settings = new ApiKeySettings(
                prefix == null || prefix.isBlank() ? DEFAULT.prefix() : prefix,
                environments == null ? DEFAULT.environments() : split(environments),
                Boolean.parseBoolean(raw.get(2)),
                split(raw.get(3)));
        parsed = new Parsed(raw, settings, List.copyOf(settings.acceptedFormats()));
        PARSED.put(realm.getId(), parsed);
        return parsed;
    }

    private record Parsed(List<String> raw, ApiKeySettings settings, List<KeyFormat> formats) {
        Parsed {
            Objects.requireNonNull(settings);
        }
    }

    /** Stores these settings, remembering the realm's old format when it changes. */
    public ApiKeySettings store(RealmModel realm) {
        ApiKeySettings current = of(realm);
        List<String> previous = new ArrayList<>(current.previousFormats());
        String oldFormat = current.formatName();
        if (!oldFormat.equals(formatName()) && !previous.contains(oldFormat)) {
            previous.add(oldFormat);
        }
        previous.remove(formatName());
        realm.setAttribute(PREFIX, prefix);
        realm.setAttribute(ENVIRONMENTS, String.join(" ", environments));
        realm.setAttribute(REVEAL_REASON, Boolean.toString(revealReason));
        realm.setAttribute(PREVIOUS_FORMATS, String.join(" ", previous));
        return new ApiKeySettings(prefix, environments, revealReason, List.copyOf(previous));
    }

    /** {@code prefix:env1,env2}, as remembered in {@link #previousFormats()}. */
    String formatName() {
        return prefix + ":" + String.join(",", environments);
    }

    /** The format new keys get. */
    public KeyFormat format() {
        return new KeyFormat(prefix, environments);
    }

    /** Every format a presented key may have: the current one and the realm's earlier ones. */
    public List<KeyFormat> acceptedFormats() {
        List<KeyFormat> formats = new ArrayList<>();
        formats.add(format());
        for (String old : previousFormats) {
            int colon = old.lastIndexOf(':');
            try {
                String environmentList = old.substring(colon + 1);
                formats.add(new KeyFormat(old.substring(0, colon),
                        environmentList.isEmpty() ? List.of() : List.of(environmentList.split(","))));
            } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
                // Hand-edited attribute: ignore the bad entry rather than failing every verify.
            }
        }
        return formats;
    }

    static final String MAX_LIFETIME_DAYS = "latchkey.api-keys.max-lifetime-days";
    static final String REQUIRE_EXPIRY = "latchkey.api-keys.require-expiry";
    static final String DEACTIVATE_UNUSED_AFTER_DAYS = "latchkey.api-keys.deactivate-unused-after-days";
    static final String EXPIRY_REMINDER_DAYS = "latchkey.api-keys.expiry-reminder-days";

    /**
     * The realm's key lifetime policy. Read on key creation and by the periodic job, never by verify, so it is parsed
     * on each read (Keycloak's realm cache holds the attributes). A hand-edited value out of range counts as unset.
     */
    public static LifetimePolicy lifetime(RealmModel realm) {
        try {
            return new LifetimePolicy(days(realm.getAttribute(MAX_LIFETIME_DAYS)),
                    Boolean.parseBoolean(realm.getAttribute(REQUIRE_EXPIRY)),
                    days(realm.getAttribute(DEACTIVATE_UNUSED_AFTER_DAYS)),
                    days(realm.getAttribute(EXPIRY_REMINDER_DAYS)));
        } catch (IllegalArgumentException e) {
            return LifetimePolicy.NONE;
        }
    }

    /** Stores the realm's key lifetime policy; an unset limit removes its attribute. */
    public static void storeLifetime(RealmModel realm, LifetimePolicy policy) {
        storeDays(realm, MAX_LIFETIME_DAYS, policy.maxLifetimeDays());
        if (policy.requireExpiry()) {
            realm.setAttribute(REQUIRE_EXPIRY, "true");
        } else {
            realm.removeAttribute(REQUIRE_EXPIRY);
        }
        storeDays(realm, DEACTIVATE_UNUSED_AFTER_DAYS, policy.deactivateUnusedAfterDays());
        storeDays(realm, EXPIRY_REMINDER_DAYS, policy.expiryReminderDays());
    }

    private static Integer days(String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        return Integer.valueOf(value.trim());
    }

    private static void storeDays(RealmModel realm, String attribute, Integer days) {
        if (days == null) {
            realm.removeAttribute(attribute);
        } else {
            realm.setAttribute(attribute, days.toString());
        }
    }

    /** The clients, besides the requesting one, that every token exchanged from a key is meant for. */
    public static List<String> tokenAudience(RealmModel realm) {
        return split(realm.getAttribute(TOKEN_AUDIENCE));
    }

    private static List<String> split(String value) {
        return value == null || value.isBlank() ? List.of()
                : Arrays.stream(value.trim().split("\\s+")).toList();
    }
}
