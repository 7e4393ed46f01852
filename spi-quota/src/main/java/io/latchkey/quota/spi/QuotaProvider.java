package io.latchkey.quota.spi;

import java.util.List;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

import io.latchkey.quota.plan.PlanCatalog;
import io.latchkey.quota.plan.QuotaPlan;

/**
 * Users' quotas, counted in the database: a deduction locks the subject's counter row, so concurrent requests on
 * one node or many never overshoot, and refills happen lazily when a window has passed.
 */
public interface QuotaProvider extends Provider {

    /** The user attribute that names a user's plan (the legacy service's {@code subscription_plan}). */
    String PLAN_ATTRIBUTE = "subscription_plan";

    PlanCatalog catalog(RealmModel realm);

    void setCatalog(RealmModel realm, PlanCatalog catalog);

    /**
     * The plan {@code user} is on: the one {@link #PLAN_ATTRIBUTE} names, else (absent, or a plan the realm no longer
     * has) the realm's {@code default_plan}. New users are given no attribute when they are created: the legacy
     * service wrote {@code free} on every new user, which froze the choice of the day into each account. Reading the
     * default instead gives every new user, however created (admin API, registration, identity brokering, import),
     * the realm's current default plan, and changing the default moves every user nobody assigned a plan.
     */
    QuotaPlan plan(RealmModel realm, UserModel user);

    List<QuotaStatus> statuses(RealmModel realm, UserModel user);

    /**
     * Deducts {@code cost} from the user's {@code quota} and, when the key has its own limit for it, from the key's.
     * Nothing is deducted unless both fit. A dry run only reports.
     *
     * @throws UnknownQuotaException when the user's plan has no such quota
     */
    Deduction deduct(RealmModel realm, UserModel user, String keyId, String quota, long cost, boolean dryRun);

    /** An admin's limit for the user (or, with {@code keyId}, for one key); null returns to the plan's. */
    void setOverride(RealmModel realm, UserModel user, String keyId, String quota, Long limit);

    /** Sets the used amount of the current window (0 resets). */
    QuotaStatus setUsed(RealmModel realm, UserModel user, String quota, long used);

    /** Adds {@code amount} (may be negative) to the used amount of the current window, never below 0. */
    QuotaStatus increment(RealmModel realm, UserModel user, String quota, long amount);

    /** The legacy service's reset-limits: every counter of the realm back to 0. Returns how many changed. */
    int resetAll(RealmModel realm);

    /**
     * Logs one message exchange and returns once its record is committed (group commit: concurrent records share a
     * transaction), refused by the database, or could not be taken or confirmed within the wait bound.
     */
    MessageLogResult logMessage(RealmModel realm, UserModel user, String apiKeyId, String model, String messagesJson,
            boolean researchModel);

    /** Logged messages per UTC day, user and key, days {@code from} to {@code to} (YYYY-MM-DD) inclusive. */
    List<DailyUsage> dailyUsage(RealmModel realm, String from, String to);

    /** Deletes the realm's message-log records older than its retention; returns how many. */
    int applyRetention(RealmModel realm);
}
