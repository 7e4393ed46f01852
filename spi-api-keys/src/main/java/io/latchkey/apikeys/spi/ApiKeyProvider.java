package io.latchkey.apikeys.spi;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.Provider;

import io.latchkey.apikeys.keys.KeyFormat;

/**
 * The realm's API keys. Secrets are returned only by {@link #create} and {@link #regenerate}; everything else sees
 * {@link ApiKeyModel}s. Keys are never deleted while their realm exists: revoked keys stay for audit.
 */
public interface ApiKeyProvider extends Provider {

    /** The outcome of a presentation the key passed, in its daily usage; refusals count under their code. */
    String VALID = "VALID";
    /** Days of daily usage kept; older days are deleted by the key lifetime job. */
    int USAGE_RETENTION_DAYS = 90;

    /** The realm's key format (prefix and environments, from its settings). */
    KeyFormat format(RealmModel realm);

    /** Whether {@code credential} has the shape and checksum of a key of this realm; no database access. */
    boolean recognizes(RealmModel realm, String credential);

    IssuedApiKey create(RealmModel realm, NewApiKey request);

    Optional<ApiKeyModel> get(RealmModel realm, String id);

    List<ApiKeyModel> listByOwner(RealmModel realm, UserModel owner);

    Stream<ApiKeyModel> search(RealmModel realm, ApiKeySearch search, int first, int max);

    /** Deactivates the key (and any regenerated key's grace period). Empty when there is no such key. */
    Optional<ApiKeyModel> revoke(RealmModel realm, String id, String reason);

    /**
     * Revokes the key only if it is active: empty when it was revoked already or does not exist, so of several callers
     * revoking the same key at once exactly one gets it (and, say, tells its owner).
     */
    Optional<ApiKeyModel> revokeActive(RealmModel realm, String id, String reason);

    /**
     * The realm's keys whose secret, or grace-period secret, is one of {@code presented}, by the presented secret: the
     * lookup verify does, for many secrets in a few queries. Revoked and expired keys are found too; strings that are
     * not keys of the realm's formats are skipped without touching the database.
     */
    Map<String, ApiKeyModel> findBySecrets(RealmModel realm, Collection<String> presented);

    Optional<ApiKeyModel> reactivate(RealmModel realm, String id);

    /**
     * A new secret for the key. The old one stops at once, or keeps working for {@code grace} (at most 24 hours).
     */
    Optional<IssuedApiKey> regenerate(RealmModel realm, String id, Duration grace);

    /**
     * {@link #regenerate(RealmModel, String, Duration)}, the key then expiring at {@code expiresAt} (null: never), as
     * the realm's lifetime policy decides for a new secret. A changed expiry earns the owner a new reminder.
     */
    Optional<IssuedApiKey> regenerate(RealmModel realm, String id, Duration grace, Instant expiresAt);

    /**
     * Active, unexpired keys of the realm with no sign of life (use, creation, reactivation) since {@code before},
     * oldest first, at most {@code max}.
     */
    List<ApiKeyModel> unusedSince(RealmModel realm, Instant before, Instant now, int max);

    /** Active keys expiring after {@code now} and by {@code horizon} whose owner was not reminded yet, at most max. */
    List<ApiKeyModel> expiringUnreminded(RealmModel realm, Instant now, Instant horizon, int max);

    /**
     * Records that the key's owner is being reminded of its expiry, under the row's lock: empty when someone did
     * already (or the key is gone), so of several nodes at most one reminds.
     */
    Optional<ApiKeyModel> markReminded(RealmModel realm, String id, Instant at);

    /** Active keys that expired by {@code now}, after {@code since}, whose expiry was not recorded yet, at most max. */
    List<ApiKeyModel> expiredUnrecorded(RealmModel realm, Instant since, Instant now, int max);

    /** Records that the key's expiry was recorded as an event, under the row's lock: empty when someone did already. */
    Optional<ApiKeyModel> markExpiryRecorded(RealmModel realm, String id, Instant at);

    /**
     * Checks a presented key from {@code clientIp} and, when valid, records its use (batched: see the README for the
     * staleness bound). Never throws for a bad key: the outcome says why it failed.
     */
    Verification verify(RealmModel realm, String presented, String clientIp);

    /**
     * Counts one presentation of {@code key} today (UTC): {@link #VALID} with the quota units it deducted, or the code
     * of its refusal (e.g. {@code DISABLED}, {@code IP_NOT_ALLOWED}, {@code USAGE_EXCEEDED}). Buffered and written
     * with the key's usage, never a database write of its own.
     */
    void countUse(ApiKeyModel key, String outcome, long quotaUnits);

    /** The key's usage per day and outcome, days {@code from} to {@code to} (UTC) inclusive; days without use absent. */
    List<DailyKeyUsage> dailyUsage(RealmModel realm, ApiKeyModel key, LocalDate from, LocalDate to);

    /** {@link #dailyUsage(RealmModel, ApiKeyModel, LocalDate, LocalDate)} summed over all of the owner's keys. */
    List<DailyKeyUsage> dailyUsageOfOwner(RealmModel realm, UserModel owner, LocalDate from, LocalDate to);

    /** The realm's API-key settings changed: every node forgets what it cached of the realm's verifies. */
    default void settingsChanged(RealmModel realm) {
    }
}
