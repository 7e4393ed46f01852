package io.latchkey.apikeys.jpa;

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

    /** Uses recorded and not yet written (for tests and metrics). */
    long pendingUses() {
        swap.writeLock().lock();
        try {
            return pending.values().stream().mapToLong(usage -> usage.count).sum();
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
                    em.createNamedQuery("lkApiKeyRecordUse").setParameter("id", id)
                            .setParameter("uses", usage.count).executeUpdate();
                    em.createNamedQuery("lkApiKeyRecordLastUse").setParameter("id", id)
                            .setParameter("at", usage.lastAt).setParameter("ip", usage.lastIp).executeUpdate();
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

    /** Puts a batch the database refused back in front of what was recorded since. */
    private void restore(Map<String, Usage> batch) {
        swap.writeLock().lock();
        try {
            batch.forEach((id, usage) -> pending.computeIfAbsent(id, k -> new Usage())
                    .add(usage.count, usage.lastAt, usage.lastIp));
        } finally {
            swap.writeLock().unlock();
        }
    }

    private static final class Usage {
        private long count;
        private long lastAt;
        private String lastIp;

        synchronized void add(long uses, long at, String ip) {
            count += uses;
            if (at >= lastAt) {
                lastAt = at;
                lastIp = ip;
            }
        }
    }
}
