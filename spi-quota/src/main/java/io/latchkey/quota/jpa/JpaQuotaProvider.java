package io.latchkey.quota.jpa;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.LongUnaryOperator;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.micrometer.core.instrument.Metrics;
import io.latchkey.quota.hook.QuotaSettings;
import io.latchkey.quota.jpa.entity.MessageLogEntity;
import io.latchkey.quota.jpa.entity.QuotaCounterEntity;
import io.latchkey.quota.messagelog.GroupCommitLog;
import io.latchkey.quota.plan.PlanCatalog;
import io.latchkey.quota.plan.QuotaDefinition;
import io.latchkey.quota.plan.QuotaPlan;
import io.latchkey.quota.plan.Refill;
import io.latchkey.quota.spi.DailyUsage;
import io.latchkey.quota.spi.Deduction;
import io.latchkey.quota.spi.MessageLogResult;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.QuotaStatus;
import io.latchkey.quota.spi.UnknownQuotaException;

/**
 * Quotas in {@code LK_QUOTA_COUNTER}. A deduction reads the subject's row with {@code SELECT ... FOR UPDATE}, so two
 * requests for one user (on one node or two) take turns on that row: the second sees the first's deduction and is
 * refused once the limit is reached. Rows are found by an id derived from (realm, subject, quota), so a missing row
 * is created once even when several nodes race to create it.
 */
public final class JpaQuotaProvider implements QuotaProvider {

    private static final Logger LOG = Logger.getLogger(JpaQuotaProvider.class);
    /** On Keycloak's metrics endpoint as {@code latchkey_quota_message_log_refused_total{realm}}. */
    static final String REFUSED = "latchkey.quota.message.log.refused";
    /** On Keycloak's metrics endpoint as {@code latchkey_quota_message_log_unavailable_total{realm,cause}}. */
    static final String UNAVAILABLE = "latchkey.quota.message.log.unavailable";
    static final String USER = "user";
    static final String KEY = "key";

    private final KeycloakSession session;
    private final GroupCommitLog<MessageLogEntity> messages;

    JpaQuotaProvider(KeycloakSession session, GroupCommitLog<MessageLogEntity> messages) {
        this.session = session;
        this.messages = messages;
    }

    @Override
    public PlanCatalog catalog(RealmModel realm) {
        return QuotaRealmSettings.catalog(realm);
    }

    @Override
    public void setCatalog(RealmModel realm, PlanCatalog catalog) {
        QuotaRealmSettings.setCatalog(realm, catalog);
    }

    @Override
    public QuotaPlan plan(RealmModel realm, UserModel user) {
        return catalog(realm).planFor(user.getFirstAttribute(PLAN_ATTRIBUTE));
    }

    @Override
    public List<QuotaStatus> statuses(RealmModel realm, UserModel user) {
        PlanCatalog catalog = catalog(realm);
        QuotaPlan plan = catalog.planFor(user.getFirstAttribute(PLAN_ATTRIBUTE));
        Instant now = Instant.now();
        List<QuotaStatus> statuses = new ArrayList<>();
        for (QuotaDefinition quota : plan.quotas()) {
            QuotaCounterEntity counter = em().find(QuotaCounterEntity.class, id(realm, USER, user.getId(), quota.name()));
            statuses.add(status(quota, catalog, counter, now));
        }
        return statuses;
    }

    @Override
    public Deduction deduct(RealmModel realm, UserModel user, String keyId, String quotaName, long cost,
            boolean dryRun) {
        PlanCatalog catalog = catalog(realm);
        QuotaPlan plan = catalog.planFor(user.getFirstAttribute(PLAN_ATTRIBUTE));
        QuotaDefinition quota = plan.quota(quotaName).orElseThrow(() -> new UnknownQuotaException(plan.name(), quotaName));
        Instant now = Instant.now();
        QuotaCounterEntity userCounter = dryRun ? existing(realm, USER, user.getId(), quotaName, false)
                : counter(realm, USER, user.getId(), quotaName, true);
        QuotaCounterEntity keyCounter = keyId == null ? null : existing(realm, KEY, keyId, quotaName, !dryRun);
        if (keyCounter != null && keyCounter.getLimitOverride() == null) {
            keyCounter = null;
        }
        QuotaStatus userStatus = status(quota, catalog, userCounter, now);
        QuotaStatus keyStatus = keyCounter == null ? null : status(quota, catalog, keyCounter, now);
        boolean fits = userStatus.used() + cost <= userStatus.limit()
                && (keyStatus == null || keyStatus.used() + cost <= keyStatus.limit());
        if (fits && !dryRun) {
            userStatus = charge(userCounter, userStatus, cost, now);
            if (keyCounter != null) {
                keyStatus = charge(keyCounter, keyStatus, cost, now);
            }
        }
        QuotaStatus nearer = keyStatus != null && keyStatus.remaining() < userStatus.remaining() ? keyStatus
                : userStatus;
        return new Deduction(fits, nearer);
    }

    @Override
    public void setOverride(RealmModel realm, UserModel user, String keyId, String quota, Long limit) {
        QuotaCounterEntity counter = keyId == null ? counter(realm, USER, user.getId(), quota, true)
                : counter(realm, KEY, keyId, quota, true);
        counter.setLimitOverride(limit);
        counter.setUpdatedAt(Instant.now().toEpochMilli());
    }

    @Override
    public QuotaStatus setUsed(RealmModel realm, UserModel user, String quotaName, long used) {
        return adjust(realm, user, quotaName, current -> used);
    }

    @Override
    public QuotaStatus increment(RealmModel realm, UserModel user, String quotaName, long amount) {
        return adjust(realm, user, quotaName, current -> Math.max(0, current + amount));
    }

    @Override
    public int resetAll(RealmModel realm) {
        return em().createNamedQuery("lkQuotaResetRealm").setParameter("realmId", realm.getId())
                .setParameter("now", Instant.now().toEpochMilli()).executeUpdate();
    }

    @Override
    public MessageLogResult logMessage(RealmModel realm, UserModel user, String apiKeyId, String model,
            String messagesJson, boolean researchModel) {
        Instant now = Instant.now();
        MessageLogEntity record = new MessageLogEntity();
        record.setId(KeycloakModelUtils.generateId());
        record.setRealmId(realm.getId());
        record.setUserId(user.getId());
        record.setUsername(user.getUsername());
        record.setApiKeyId(apiKeyId);
        record.setModel(model);
        record.setMessages(messagesJson);
        record.setResearchModel(researchModel);
        record.setCreatedAt(now.toEpochMilli());
        record.setCreatedDay(now.atZone(ZoneOffset.UTC).toLocalDate().toString());
        MessageLogResult result = messages.append(record, heapBytes(record));
        if (result.status() == MessageLogResult.Status.REFUSED) {
            Metrics.counter(REFUSED, "realm", realm.getName()).increment();
        } else if (result.status() == MessageLogResult.Status.UNAVAILABLE) {
            Metrics.counter(UNAVAILABLE, "realm", realm.getName(), "cause", result.cause()).increment();
        }
        return result;
    }

    /**
     * What a waiting record holds on the heap, at most: its strings at two bytes a character (UTF-16; Latin-1 ones
     * take half) plus a fixed allowance for the entity, the strings' headers and the waiting request's bookkeeping.
     */
    static long heapBytes(MessageLogEntity record) {
        long chars = 0;
        for (String s : new String[] {record.getId(), record.getRealmId(), record.getUserId(), record.getUsername(),
                record.getApiKeyId(), record.getModel(), record.getMessages(), record.getCreatedDay()}) {
            chars += s == null ? 0 : s.length();
        }
        return 512 + 2 * chars;
    }

    @Override
    public List<DailyUsage> dailyUsage(RealmModel realm, String from, String to) {
        List<Object[]> rows = em().createNamedQuery("lkMessageDailyUsage", Object[].class)
                .setParameter("realmId", realm.getId()).setParameter("from", from).setParameter("to", to)
                .getResultList();
        return rows.stream().map(r -> new DailyUsage((String) r[0], (String) r[1], (String) r[2], (String) r[3],
                ((Number) r[4]).longValue())).toList();
    }

    @Override
    public int applyRetention(RealmModel realm) {
        long days = QuotaSettings.of(realm).retentionDays();
        long before = Instant.now().minus(Duration.ofDays(days)).toEpochMilli();
        return em().createNamedQuery("lkMessageDeleteBefore").setParameter("realmId", realm.getId())
                .setParameter("before", before).executeUpdate();
    }

    void removeSubject(String realmId, String type, String subjectId) {
        em().createNamedQuery("lkQuotaDeleteSubject").setParameter("realmId", realmId).setParameter("type", type)
                .setParameter("subjectId", subjectId).executeUpdate();
    }

    void removeRealm(String realmId) {
        em().createNamedQuery("lkQuotaDeleteRealm").setParameter("realmId", realmId).executeUpdate();
        em().createNamedQuery("lkMessageDeleteRealm").setParameter("realmId", realmId).executeUpdate();
    }

    private QuotaStatus adjust(RealmModel realm, UserModel user, String quotaName,
            LongUnaryOperator change) {
        PlanCatalog catalog = catalog(realm);
        QuotaPlan plan = catalog.planFor(user.getFirstAttribute(PLAN_ATTRIBUTE));
        QuotaDefinition quota = plan.quota(quotaName).orElseThrow(() -> new UnknownQuotaException(plan.name(), quotaName));
        Instant now = Instant.now();
        QuotaCounterEntity counter = counter(realm, USER, user.getId(), quotaName, true);
        QuotaStatus before = status(quota, catalog, counter, now);
        counter.setUsed(change.applyAsLong(before.used()));
        counter.setWindowStart(before.windowStart().toEpochMilli());
        counter.setUpdatedAt(now.toEpochMilli());
        return status(quota, catalog, counter, now);
    }

    private static QuotaStatus charge(QuotaCounterEntity counter, QuotaStatus status, long cost, Instant now) {
        counter.setUsed(status.used() + cost);
        counter.setWindowStart(status.windowStart().toEpochMilli());
        counter.setUpdatedAt(now.toEpochMilli());
        return new QuotaStatus(status.quota(), status.limit(), status.used() + cost, status.override(),
                status.windowStart(), status.resetAt());
    }

    /** The counter's state now: a counter from an earlier window counts as unused (the lazy refill). */
    private static QuotaStatus status(QuotaDefinition quota, PlanCatalog catalog, QuotaCounterEntity counter,
            Instant now) {
        Refill.Window window = quota.refill().window(now, catalog.dailyResetUtc());
        Long override = counter == null ? null : counter.getLimitOverride();
        long limit = override != null ? override : quota.amount();
        long used = counter == null || counter.getWindowStart() < window.start().toEpochMilli() ? 0 : counter.getUsed();
        return new QuotaStatus(quota.name(), limit, used, override, window.start(), window.end());
    }

    /** The subject's counter, created if missing; locked for the rest of the transaction when {@code lock}. */
    private QuotaCounterEntity counter(RealmModel realm, String type, String subjectId, String quota, boolean lock) {
        QuotaCounterEntity counter = existing(realm, type, subjectId, quota, lock);
        if (counter != null) {
            return counter;
        }
        String id = id(realm, type, subjectId, quota);
        try {
            // Its own transaction: if another request (or node) creates the row first, only this insert fails.
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), other -> {
                QuotaCounterEntity created = new QuotaCounterEntity();
                created.setId(id);
                created.setRealmId(realm.getId());
                created.setSubjectType(type);
                created.setSubjectId(subjectId);
                created.setQuotaName(quota);
                created.setUsed(0);
                created.setWindowStart(0);
                created.setUpdatedAt(Instant.now().toEpochMilli());
                other.getProvider(JpaConnectionProvider.class).getEntityManager().persist(created);
            });
        } catch (RuntimeException e) {
            LOG.debugf("Quota counter %s was created concurrently: %s", id, e.getMessage());
        }
        counter = existing(realm, type, subjectId, quota, lock);
        if (counter == null) {
            throw new IllegalStateException("Quota counter " + id + " could not be created");
        }
        return counter;
    }

    private QuotaCounterEntity existing(RealmModel realm, String type, String subjectId, String quota, boolean lock) {
        String id = id(realm, type, subjectId, quota);
        return lock ? em().find(QuotaCounterEntity.class, id, LockModeType.PESSIMISTIC_WRITE)
                : em().find(QuotaCounterEntity.class, id);
    }

    /** A name-based UUID of (realm, subject, quota): the same row on every node. */
    static String id(RealmModel realm, String type, String subjectId, String quota) {
        return UUID.nameUUIDFromBytes((realm.getId() + "\n" + type + "\n" + subjectId + "\n" + quota)
                .getBytes(StandardCharsets.UTF_8)).toString();
    }

    private EntityManager em() {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    @Override
    public void close() {
        // The entity manager belongs to the session.
    }
}
