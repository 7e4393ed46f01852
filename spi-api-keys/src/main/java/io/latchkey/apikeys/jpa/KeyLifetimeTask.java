package io.latchkey.apikeys.jpa;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.common.util.Time;
import org.keycloak.email.EmailException;
import org.keycloak.email.EmailTemplateProvider;
import org.keycloak.events.Details;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.timer.ScheduledTask;

import io.latchkey.apikeys.auth.ApiKeyUse;
import io.latchkey.apikeys.lifetime.LifetimePolicy;
import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySettings;

/**
 * Applies each realm's key lifetime policy: revokes keys unused for too long (reason {@value LifetimePolicy#INACTIVE},
 * through the same revoke as an owner's, so every node's verify cache forgets them), records each key's expiry as an
 * event once, and reminds owners of keys about to expire, once per key. Scheduled once per cluster per interval. Its
 * clock is Keycloak's {@link Time}, as are the keys' stored times, so a test may move it.
 *
 * <p>It also deletes daily key usage older than {@link ApiKeyProvider#USAGE_RETENTION_DAYS}, every realm's at once,
 * by the clock the days were counted with (Keycloak's).
 */
final class KeyLifetimeTask implements ScheduledTask {

    static final String TASK = "latchkey-api-key-lifetime";
    static final String EXPIRED = "expired";
    static final String EMAIL_TEMPLATE = "api-key-expiring.ftl";
    static final String EMAIL_SUBJECT = "apiKeyExpiringSubject";
    /** Keys handled per realm and run: a backlog is worked off over the next runs, in short transactions. */
    static final int BATCH = 500;
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final Logger LOG = Logger.getLogger(KeyLifetimeTask.class);

    /** What the owner's reminder says, gathered in the job's transaction and sent after it commits. */
    private record Reminder(String realmId, String userId, String keyName, String keyPrefix, Instant expiresAt,
            long daysLeft) {
    }

    @Override
    public void run(KeycloakSession session) {
        pruneDailyUsage(session);
        Instant now = Instant.ofEpochMilli(Time.currentTimeMillis());
        List<Reminder> reminders = new ArrayList<>();
        session.realms().getRealmsStream().forEach(realm -> {
            LifetimePolicy policy = ApiKeySettings.lifetime(realm);
            if (!policy.needsJob()) {
                return;
            }
            ApiKeyProvider keys = session.getProvider(ApiKeyProvider.class);
            Instant before = policy.unusedBefore(now);
            if (before != null) {
                int revoked = 0;
                for (ApiKeyModel key : keys.unusedSince(realm, before, now, BATCH)) {
                    if (keys.revokeActive(realm, key.id(), LifetimePolicy.INACTIVE).isPresent()) {
                        event(session, realm, key, policy);
                        revoked++;
                    }
                }
                if (revoked > 0) {
                    LOG.infof("Revoked %d API keys of realm %s unused for %d days", revoked, realm.getName(),
                            policy.deactivateUnusedAfterDays());
                }
            }
            for (ApiKeyModel key : keys.expiredUnrecorded(realm, LifetimePolicy.expiriesRecordedSince(now), now,
                    BATCH)) {
                keys.markExpiryRecorded(realm, key.id(), now).ifPresent(marked -> expiredEvent(session, realm, key));
            }
            Instant horizon = policy.reminderHorizon(now);
            // A realm that cannot send email marks no key: once it can, its owners are still reminded.
            if (horizon != null && canEmail(realm)) {
                for (ApiKeyModel key : keys.expiringUnreminded(realm, now, horizon, BATCH)) {
                    keys.markReminded(realm, key.id(), now).ifPresent(marked -> reminders.add(new Reminder(
                            realm.getId(), key.ownerId(), key.name(), key.displayPrefix(), key.expiresAt(),
                            Math.max(0, Duration.between(now, key.expiresAt()).toDays()))));
                }
            }
        });
        emailAfterCommit(session, reminders);
    }

    private static void pruneDailyUsage(KeycloakSession session) {
        LocalDate before = JpaApiKeyProvider.utcDay(Time.currentTimeMillis())
                .minusDays(ApiKeyProvider.USAGE_RETENTION_DAYS);
        int pruned = ((JpaApiKeyProvider) session.getProvider(ApiKeyProvider.class, JpaApiKeyProviderFactory.ID))
                .pruneDailyUsage(before);
        if (pruned > 0) {
            LOG.debugf("Deleted %d rows of API-key daily usage from before %s", pruned, before);
        }
    }

    private static boolean canEmail(RealmModel realm) {
        Map<String, String> smtp = realm.getSmtpConfig();
        return smtp != null && smtp.get("host") != null && !smtp.get("host").isBlank() && smtp.get("from") != null
                && !smtp.get("from").isBlank();
    }

    /** A REMOVE_CREDENTIAL user event, as a leaked key's revocation records, with the reason and the limit. */
    private static void event(KeycloakSession session, RealmModel realm, ApiKeyModel key, LifetimePolicy policy) {
        new EventBuilder(realm, session).event(EventType.REMOVE_CREDENTIAL)
                .user(key.ownerId())
                .detail(Details.CREDENTIAL_TYPE, ApiKeyUse.CREDENTIAL_TYPE)
                .detail(ApiKeyUse.KEY_ID_CLAIM, key.id())
                .detail("api_key_name", key.name())
                .detail(Details.REASON, LifetimePolicy.INACTIVE)
                .detail("unused_days", Integer.toString(policy.deactivateUnusedAfterDays()))
                .detail("last_used_at", key.lastUsedAt() == null ? "never" : key.lastUsedAt().toString())
                .success();
    }

    /**
     * A REMOVE_CREDENTIAL user event when a key's expiry passes, so a realm's events say when each key stopped
     * working, whatever the reason; the key itself is unchanged (its status reads EXPIRED).
     */
    private static void expiredEvent(KeycloakSession session, RealmModel realm, ApiKeyModel key) {
        new EventBuilder(realm, session).event(EventType.REMOVE_CREDENTIAL)
                .user(key.ownerId())
                .detail(Details.CREDENTIAL_TYPE, ApiKeyUse.CREDENTIAL_TYPE)
                .detail(ApiKeyUse.KEY_ID_CLAIM, key.id())
                .detail("api_key_name", key.name())
                .detail(Details.REASON, EXPIRED)
                .detail("expires_at", key.expiresAt().toString())
                .success();
    }

    /**
     * Reminders go out once the job's transaction has committed their mark: a rolled-back run reminds nobody, and a
     * committed one is never repeated (a mail server down at that moment means no reminder; the key's expiry still
     * shows in the account console).
     */
    private static void emailAfterCommit(KeycloakSession session, List<Reminder> reminders) {
        if (reminders.isEmpty()) {
            return;
        }
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                for (Reminder reminder : reminders) {
                    try {
                        KeycloakModelUtils.runJobInTransaction(factory, worker -> send(worker, reminder));
                    } catch (RuntimeException e) {
                        LOG.warnf("Could not remind the owner of API key %s of its expiry: %s", reminder.keyPrefix(),
                                e.getMessage());
                    }
                }
            }

            @Override
            protected void rollbackImpl() {
                // Nothing was marked: the next run tries again.
            }
        });
    }

    private static void send(KeycloakSession session, Reminder reminder) {
        RealmModel realm = session.realms().getRealm(reminder.realmId());
        if (realm == null) {
            return;
        }
        session.getContext().setRealm(realm);
        UserModel owner = session.users().getUserById(realm, reminder.userId());
        if (owner == null || owner.getEmail() == null) {
            return;
        }
        Map<String, Object> attributes = new HashMap<>();
        attributes.put("keyName", reminder.keyName());
        attributes.put("keyPrefix", reminder.keyPrefix());
        attributes.put("expiresAt", WHEN.format(reminder.expiresAt()));
        attributes.put("daysLeft", reminder.daysLeft());
        String accountUrl = accountUrl(realm);
        if (accountUrl != null) {
            attributes.put("accountUrl", accountUrl);
        }
        try {
            session.getProvider(EmailTemplateProvider.class).setRealm(realm).setUser(owner)
                    .send(EMAIL_SUBJECT, List.<Object>of(reminder.keyName()), EMAIL_TEMPLATE, attributes);
        } catch (EmailException e) {
            LOG.warnf("Could not remind the owner of API key %s in realm %s of its expiry: %s", reminder.keyPrefix(),
                    realm.getName(), e.getMessage());
        }
    }

    /**
     * The account console's address, when the server knows its public address outside a request: the realm's
     * frontend URL, or the server's {@code hostname} option when it is a URL. Otherwise the email names no link.
     */
    static String accountUrl(RealmModel realm) {
        String base = realm.getAttribute("frontendUrl");
        if (base == null || base.isBlank()) {
            base = Config.scope("hostname", "v2").get("hostname");
        }
        if (base == null || !(base.startsWith("https://") || base.startsWith("http://"))) {
            return null;
        }
        return base.replaceAll("/+$", "") + "/realms/" + realm.getName() + "/account";
    }

    @Override
    public String getTaskName() {
        return TASK;
    }
}
