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

import org.hibernate.Session;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.micrometer.core.instrument.Metrics;
import io.latchkey.common.rest.DatabaseUnavailableMapper;
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
 * Quotas in {@code LK_QUOTA_COUNTER}. Rows are found by an id derived from (realm, subject, quota), so every node
 * finds, creates and charges the same row.
 *
 * <p>A deduction is a conditional {@code UPDATE} per row ({@link CounterStatements}) in a short transaction of its own,
 * committed before the verify answers: two requests for one user, on one node or two, queue on the owner's row for that
 * one statement and its commit, not for the rest of the request. The transaction is Keycloak's own way to run a short
 * job beside a request, {@link KeycloakModelUtils#runJobInTransactionWithResult}: a new session whose JTA transaction
 * suspends the request's and resumes it afterwards, with that session's entity manager and pooled connection; the
 * statements go through Hibernate's {@code doReturningWork} on that connection. A connection taken from the data
 * source directly would be enlisted in the request's JTA transaction by the pool, which then refuses its commit; the
 * request's own entity manager would hold the lock until the request commits. The owner's first row is created inside
 * the same short transaction, so a deduction takes one pooled connection besides the request's. A dry run reads
 * without locks in the request's transaction.
 */
public final class JpaQuotaProvider implements QuotaProvider {

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
            statuses.add(status(quota, quota.refill().window(now, catalog.dailyResetUtc()), row(counter)));
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
        Refill.Window window = quota.refill().window(now, catalog.dailyResetUtc());
        if (dryRun) {
            return dryRun(realm, user, keyId, quota, window, cost);
        }
        CounterStatements.Charge charge = new CounterStatements.Charge(realm.getId(), user.getId(),
                id(realm, USER, user.getId(), quotaName), keyId, keyId == null ? null : id(realm, KEY, keyId, quotaName),
                quotaName, window.start().toEpochMilli(), now.toEpochMilli(), cost, quota.amount());
        CounterStatements.Outcome outcome;
        boolean[] ran = {false};
        try {
            outcome = KeycloakModelUtils.runJobInTransactionWithResult(session.getKeycloakSessionFactory(), shortTx -> {
                CounterStatements.Outcome result = jdbc(shortTx).doReturningWork(
                        connection -> CounterStatements.deduct(connection, charge));
                if (!result.allowed()) {
                    // A refusal keeps nothing: not the owner's charge when the key's own limit refused.
                    shortTx.getTransactionManager().setRollbackOnly();
                }
                ran[0] = true;
                return result;
            });
        } catch (RuntimeException e) {
            // The database went away during the charge or before its commit answered: 503, never a 500. The caller
            // was not told it was charged, as with any request cut off by the outage.
            throw DatabaseUnavailableMapper.unavailableOr(e, ran[0]);
        }
        QuotaStatus userStatus = status(quota, window, outcome.user());
        QuotaStatus keyStatus = outcome.key() == null ? null : status(quota, window, outcome.key());
        return new Deduction(outcome.allowed(), nearer(userStatus, keyStatus));
    }

    /** What a deduction would answer now, read without locks in the request's own transaction. */
    private Deduction dryRun(RealmModel realm, UserModel user, String keyId, QuotaDefinition quota,
            Refill.Window window, long cost) {
        QuotaStatus userStatus = status(quota, window, row(existing(realm, USER, user.getId(), quota.name(), false)));
        QuotaCounterEntity keyCounter = keyId == null ? null : existing(realm, KEY, keyId, quota.name(), false);
        QuotaStatus keyStatus = keyCounter == null || keyCounter.getLimitOverride() == null ? null
                : status(quota, window, row(keyCounter));
        boolean fits = userStatus.used() + cost <= userStatus.limit()
                && (keyStatus == null || keyStatus.used() + cost <= keyStatus.limit());
        return new Deduction(fits, nearer(userStatus, keyStatus));
    }

    private static QuotaStatus nearer(QuotaStatus user, QuotaStatus key) {
        return key != null && key.remaining() < user.remaining() ? key : user;
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
        Refill.Window window = quota.refill().window(now, catalog.dailyResetUtc());
        QuotaCounterEntity counter = counter(realm, USER, user.getId(), quotaName, true);
        QuotaStatus before = status(quota, window, row(counter));
        counter.setUsed(change.applyAsLong(before.used()));
        counter.setWindowStart(before.windowStart().toEpochMilli());
        counter.setUpdatedAt(now.toEpochMilli());
        return status(quota, window, row(counter));
    }

    /** The counter's state in {@code window}: a row from an earlier window counts as unused (the lazy refill). */
    private static QuotaStatus status(QuotaDefinition quota, Refill.Window window, CounterStatements.Row row) {
        Long override = row == null ? null : row.override();
        long limit = override != null ? override : quota.amount();
        long used = row == null ? 0 : row.usedIn(window.start().toEpochMilli());
        return new QuotaStatus(quota.name(), limit, used, override, window.start(), window.end());
    }

    private static CounterStatements.Row row(QuotaCounterEntity counter) {
        return counter == null ? null
                : new CounterStatements.Row(counter.getUsed(), counter.getWindowStart(), counter.getLimitOverride());
    }

    /**
     * The subject's counter, created if missing; locked for the rest of the transaction when {@code lock}. For admin
     * changes. The row is created on the request's own connection, where a concurrent creation is not an error.
     */
    private QuotaCounterEntity counter(RealmModel realm, String type, String subjectId, String quota, boolean lock) {
        QuotaCounterEntity counter = existing(realm, type, subjectId, quota, lock);
        if (counter != null) {
            return counter;
        }
        String id = id(realm, type, subjectId, quota);
        jdbc(session).doWork(connection -> CounterStatements.create(connection, id, realm.getId(), type, subjectId,
                quota, Instant.now().toEpochMilli()));
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

    /** The JDBC connection of {@code session}'s entity manager, in that session's transaction. */
    private static Session jdbc(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager().unwrap(Session.class);
    }

    @Override
    public void close() {
        // The entity manager belongs to the session.
    }
}
