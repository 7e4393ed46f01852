package io.latchkey.apikeys.jpa;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
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
 * writes. What the database shows is at most one flush interval old; a node that dies loses at most that much of
 * its counts (a clean shutdown flushes).
 */
final class UsageRecorder {

    private static final Logger LOG = Logger.getLogger(UsageRecorder.class);

    /** Recording shares the lock; swapping the buffer takes it alone, so no use lands in a batch already written. */
    private final ReadWriteLock swap = new ReentrantReadWriteLock();
    private Map<String, Usage> pending = new ConcurrentHashMap<>();

    void record(String keyId, long at, String ip) {
        swap.readLock().lock();
        try {
            pending.computeIfAbsent(keyId, id -> new Usage()).add(at, ip);
        } finally {
            swap.readLock().unlock();
        }
    }

    void flush(KeycloakSessionFactory factory) {
        Map<String, Usage> batch;
        swap.writeLock().lock();
        try {
            if (pending.isEmpty()) {
                return;
            }
            batch = pending;
            pending = new ConcurrentHashMap<>();
        } finally {
            swap.writeLock().unlock();
        }
        try {
            KeycloakModelUtils.runJobInTransaction(factory, session -> {
                EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                batch.forEach((id, usage) -> {
                    em.createNamedQuery("lkApiKeyRecordUse").setParameter("id", id)
                            .setParameter("uses", usage.count.get()).executeUpdate();
                    em.createNamedQuery("lkApiKeyRecordLastUse").setParameter("id", id)
                            .setParameter("at", usage.lastAt).setParameter("ip", usage.lastIp).executeUpdate();
                });
            });
        } catch (RuntimeException e) {
            LOG.warnf("Could not record the use of %d API keys (%s); their counters miss this batch", batch.size(),
                    e.getMessage());
        }
    }

    private static final class Usage {
        private final AtomicLong count = new AtomicLong();
        private volatile long lastAt;
        private volatile String lastIp;

        synchronized void add(long at, String ip) {
            count.incrementAndGet();
            if (at >= lastAt) {
                lastAt = at;
                lastIp = ip;
            }
        }
    }
}
