package io.latchkey.apikeys.jpa;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.apikeys.jpa.entity.ApiKeyDailyUsageEntity;

/**
 * Buffers key usage in memory and writes it in one transaction per flush, so a popular key's verifies do not all
 * queue on one row lock. Counts are added ({@code usage_count = usage_count + n}) and the last use is a conditional
 * update ({@code where last_used_at < :at}), so two nodes flushing the same key never lose or reorder each other's
 * writes.
 *
 * <p>A flush updates its keys in id order: two nodes flushing overlapping sets lock rows in the same order and so
 * cannot deadlock each other. A flush the database refuses (an outage, a lock timeout) is merged back into the
 * buffer and written by the next one, never dropped; the buffer holds one entry per key used, whatever the traffic.
 * What the database shows is at most one flush interval old while it is reachable; a node killed with
 * {@code kill -9} loses at most the uses since its last successful flush (a clean shutdown flushes).
 *
 * <p>The same flush adds each key's presentations per UTC day and outcome to {@code LK_API_KEY_DAILY_USAGE}, after
 * the key's own row and in (day, outcome) order, so the lock order stays one total order across nodes. A day's first
 * row is inserted; should another node insert it at the same moment, the losing flush fails as a whole and its batch
 * is written by the next one, found then as an update. A key removed meanwhile (or whose owner was deleted) gets no
 * row.
 */
final class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    /** Recording shares the lock; swapping the buffer takes it alone, so no use lands in a batch already written. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private Map<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String keyId, long at, String ip) {
        swap.readLock().lock();
        try {
            pending.computeIfAbsent(keyId, id -> new Usage()).add(1, at, ip);
        } finally {
            swap.readLock().unlock();
        }
    }

    /**
     * One presentation of the key on {@code day} with {@code outcome} ({@code VALID} or the refusal's code), and the
     * quota units it deducted.
     */
    void count(String keyId, LocalDate day, String outcome, long quotaUnits) {
        swap.readLock().lock();
        try {
            pending.computeIfAbsent(keyId, id -> new Usage()).count(new DayOutcome(day, outcome), 1, quotaUnits);
        } finally {
            swap.readLock().unlock();
        }
    }

    /** Uses recorded and not yet written (for tests and metrics). */
    long pendingUses() {
        swap.writeLock().lock();
        try {
            return pending.values().stream().mapToLong(usage -> usage.count).sum();
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** Presentations counted per day and not yet written (for tests and metrics). */
    long pendingPresentations() {
        swap.writeLock().lock();
        try {
            return pending.values().stream().flatMap(usage -> usage.daily.values().stream())
                    .mapToLong(counts -> counts[0]).sum();
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** @return whether the database took the batch (or there was nothing to write) */
    boolean flush(KeycloakSessionFactory factory) {
        Map<String, Usage> batch;
        swap.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                return true;
            }
            batch = new TreeMap<>(pending);
            pending = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                batch.forEach((id, usage) -> {
                    if (usage.count > 0) {
                        em.createNamedQuery("lkApiKeyRecordUse").setParameter("id", id)
                                .setParameter("uses", usage.count).executeUpdate();
                        em.createNamedQuery("lkApiKeyRecordLastUse").setParameter("id", id)
                                .setParameter("at", usage.lastAt).setParameter("ip", usage.lastIp).executeUpdate();
                    }
                    usage.daily.forEach((when, counts) -> addDaily(em, id, when, counts));
                });
            });
            return true;
        } catch (RuntimeException e) {
            restore(batch);
            LOG.warnf("Could not record the use of %d API keys (%s); kept for the next flush", batch.size(),
                    e.getMessage());
            return false;
        }
    }

    private static void addDaily(EntityManager em, String id, DayOutcome when, long[] counts) {
        int updated = em.createNamedQuery("lkApiKeyDailyAdd").setParameter("id", id).setParameter("day", when.day())
                .setParameter("outcome", when.outcome()).setParameter("uses", counts[0])
                .setParameter("units", counts[1]).executeUpdate();
        if (updated > 0) {
            return;
        }
        long collects = em.createNamedQuery("lkApiKeyCollectsUsage", Long.class).setParameter("id", id)
                .setParameter("ownerDeleted", JpaApiKeyProvider.OWNER_DELETED).getSingleResult();
        if (collects > 0) {
            em.persist(new ApiKeyDailyUsageEntity(id, when.day(), when.outcome(), counts[0], counts[1]));
            // Now, not at commit: the insert takes its place in the flush's lock order.
            em.flush();
        }
    }

    /** Puts a batch the database refused back in front of what was recorded since. */
    private void restore(Map<String, Usage> batch) {
        swap.writeLock().lock();
        try {
            batch.forEach((id, usage) -> {
                Usage merged = pending.computeIfAbsent(id, k -> new Usage());
                merged.add(usage.count, usage.lastAt, usage.lastIp);
                usage.daily.forEach((when, counts) -> merged.count(when, counts[0], counts[1]));
            });
        } finally {
            swap.writeLock().unlock();
        }
    }

    /** A UTC day and an outcome, ordered by day and then outcome: the order the flush writes them in. */
    record DayOutcome(LocalDate day, String outcome) implements Comparable<DayOutcome> {

        private static final Comparator<DayOutcome> ORDER = Comparator.comparing(DayOutcome::day)
                .thenComparing(DayOutcome::outcome);

        @Override
        public int compareTo(DayOutcome other) {
            return ORDER.compare(this, other);
        }
    }

    private static final class Usage {
        private long count;
        private long lastAt;
        private String lastIp;
        /** Per day and outcome: presentations, quota units. */
        private final Map<DayOutcome, long[]> daily = new TreeMap<>();

        synchronized void count(DayOutcome when, long uses, long quotaUnits) {
            long[] counts = daily.computeIfAbsent(when, k -> new long[2]);
            counts[0] += uses;
            counts[1] += quotaUnits;
        }

        synchronized void add(long uses, long at, String ip) {
            count += uses;
            if (at >= lastAt) {
                lastAt = at;
                lastIp = ip;
            }
        }
    }
}
