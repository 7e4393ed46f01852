package io.latchkey.apikeys.lifetime;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * A realm's rules for how long API keys live, and the decisions that follow from them; no Keycloak types, so every
 * rule is unit-tested. Each limit is optional (null: no such rule).
 *
 * @param maxLifetimeDays          new keys expire at most this many days after they are made; a request without an
 *                                 expiry gets this maximum
 * @param requireExpiry            keys users make for themselves must name an expiry
 * @param deactivateUnusedAfterDays keys not used for this many days (since their last use, creation or reactivation)
 *                                 are revoked with reason {@value #INACTIVE}
 * @param expiryReminderDays       the owner is emailed once, this many days before the key expires
 */
public record LifetimePolicy(Integer maxLifetimeDays, boolean requireExpiry, Integer deactivateUnusedAfterDays,
        Integer expiryReminderDays) {

    public static final LifetimePolicy NONE = new LifetimePolicy(null, false, null, null);
    /** The revoked_reason of a key the inactivity rule revoked. */
    public static final String INACTIVE = "inactive";
    public static final int MAX_LIFETIME_DAYS = 3650;
    public static final int MAX_UNUSED_DAYS = 3650;
    public static final int MAX_REMINDER_DAYS = 365;

    public LifetimePolicy {
        check("max_lifetime_days", maxLifetimeDays, MAX_LIFETIME_DAYS);
        check("deactivate_unused_after_days", deactivateUnusedAfterDays, MAX_UNUSED_DAYS);
        check("expiry_reminder_days", expiryReminderDays, MAX_REMINDER_DAYS);
    }

    private static void check(String name, Integer days, int max) {
        if (days != null && (days < 1 || days > max)) {
            throw new IllegalArgumentException(name + " must be a whole number from 1 to " + max);
        }
    }

    /**
     * Whether the periodic job has anything to do in a realm with this policy: any rule makes it record the realm's
     * key expiries as events; a realm without one costs the job no read of its keys.
     */
    public boolean needsJob() {
        return maxLifetimeDays != null || requireExpiry || deactivateUnusedAfterDays != null
                || expiryReminderDays != null;
    }

    /**
     * Keys that expired after this are recorded as expired: one day back, the longest interval between two runs of
     * the job, so a key expiring between runs is recorded and keys that expired long before the policy was set are not
     * all recorded at once.
     */
    public static Instant expiriesRecordedSince(Instant now) {
        return now.minus(Duration.ofDays(1));
    }

    /**
     * The expiry a new key gets, or the sentence that refuses the request.
     *
     * @param requested   the expiry asked for; null for none
     * @param selfService whether the caller makes the key for themselves ({@link #requireExpiry} applies)
     */
    public Decision newKeyExpiry(Instant requested, Instant now, boolean selfService) {
        if (requested == null && requireExpiry && selfService) {
            return Decision.refused("This realm requires every key to expire: give expires_at"
                    + (maxLifetimeDays == null ? "." : ", at most " + days(maxLifetimeDays) + " from now."));
        }
        if (maxLifetimeDays == null) {
            return Decision.expires(requested);
        }
        if (requested == null) {
            return Decision.expires(now.plus(Duration.ofDays(maxLifetimeDays)));
        }
        Instant latest = latestExpiry(now);
        if (requested.isAfter(latest)) {
            return Decision.refused("Must be at most " + days(maxLifetimeDays) + " from now, this realm's maximum"
                    + " key lifetime: " + LocalDate.ofInstant(latest.minusMillis(1), ZoneOffset.UTC)
                    + " at the latest.");
        }
        return Decision.expires(requested);
    }

    /**
     * The latest expiry a key made at {@code now} may have: {@link #maxLifetimeDays} from now, to the end of that
     * day (UTC), so that the date form of expires_at (a key that works through that day) may name the last day.
     */
    Instant latestExpiry(Instant now) {
        Instant limit = now.plus(Duration.ofDays(maxLifetimeDays));
        Instant dayStart = limit.truncatedTo(ChronoUnit.DAYS);
        return dayStart.equals(limit) ? limit : dayStart.plus(Duration.ofDays(1));
    }

    /**
     * The expiry a key keeps when its secret is regenerated at {@code now}: a new secret is a new credential, so it
     * lives at most {@link #maxLifetimeDays}; an earlier expiry is kept.
     */
    public Instant regeneratedExpiry(Instant current, Instant now) {
        if (maxLifetimeDays == null) {
            return current;
        }
        Instant latest = now.plus(Duration.ofDays(maxLifetimeDays));
        return current == null || current.isAfter(latest) ? latest : current;
    }

    /** Keys whose last sign of life (use, creation or reactivation) is before this are inactive; null: no rule. */
    public Instant unusedBefore(Instant now) {
        return deactivateUnusedAfterDays == null ? null : now.minus(Duration.ofDays(deactivateUnusedAfterDays));
    }

    /** Whether a key with these times counts as unused at {@code now}. */
    public boolean unused(Instant lastUsedAt, Instant createdAt, Instant reactivatedAt, Instant now) {
        Instant before = unusedBefore(now);
        if (before == null) {
            return false;
        }
        Instant lastSign = lastUsedAt != null && lastUsedAt.isAfter(createdAt) ? lastUsedAt : createdAt;
        if (reactivatedAt != null && reactivatedAt.isAfter(lastSign)) {
            lastSign = reactivatedAt;
        }
        return lastSign.isBefore(before);
    }

    /** Keys expiring at or before this (and after now) are due a reminder; null: no reminders. */
    public Instant reminderHorizon(Instant now) {
        return expiryReminderDays == null ? null : now.plus(Duration.ofDays(expiryReminderDays));
    }

    /** Whether a key expiring at {@code expiresAt} is owed its one reminder at {@code now}. */
    public boolean reminderDue(Instant expiresAt, Instant reminderSentAt, Instant now) {
        Instant horizon = reminderHorizon(now);
        return horizon != null && expiresAt != null && reminderSentAt == null && expiresAt.isAfter(now)
                && !expiresAt.isAfter(horizon);
    }

    private static String days(int days) {
        return days == 1 ? "1 day" : days + " days";
    }

    /** An expiry to store (null: never), or why the request is refused. */
    public record Decision(Instant expiresAt, String refusal) {

        static Decision expires(Instant expiresAt) {
            return new Decision(expiresAt, null);
        }

        static Decision refused(String refusal) {
            return new Decision(null, refusal);
        }

        public boolean refused() {
            return refusal != null;
        }
    }
}
