package io.latchkey.quota.jpa;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.quota.jpa.entity.MessageLogEntity;

/**
 * The legacy service's batched message log: requests only queue their record; a background writer inserts them in one
 * transaction per batch, when {@code batchSize} records are waiting or every flush interval, whichever comes first.
 * A clean shutdown writes what is queued. When the database falls behind and {@code limit} records are waiting, the
 * request that finds it so writes the batch itself: the queue, and so memory, stays bounded, and nothing is dropped.
 */
final class MessageLogBuffer {

    private static final Logger LOG = Logger.getLogger(MessageLogBuffer.class);

    private final ConcurrentLinkedQueue<MessageLogEntity> queue = new ConcurrentLinkedQueue<>();
    private final AtomicInteger size = new AtomicInteger();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final int batchSize;
    private final int limit;
    private volatile KeycloakSessionFactory factory;
    private volatile ExecutorService writer;

    MessageLogBuffer(int batchSize, int limit) {
        this.batchSize = batchSize;
        this.limit = limit;
    }

    void start(KeycloakSessionFactory sessionFactory, ExecutorService writerThread) {
        this.factory = sessionFactory;
        this.writer = writerThread;
    }

    void add(MessageLogEntity record) {
        queue.add(record);
        int waiting = size.incrementAndGet();
        if (waiting >= limit) {
            flush();
        } else if (waiting >= batchSize && flushScheduled.compareAndSet(false, true)) {
            writer.execute(() -> {
                flushScheduled.set(false);
                flush();
            });
        }
    }

    int waiting() {
        return size.get();
    }

    /** Writes everything queued, a batch per transaction. */
    synchronized void flush() {
        while (!queue.isEmpty()) {
            List<MessageLogEntity> batch = new ArrayList<>(batchSize);
            MessageLogEntity record;
            while (batch.size() < batchSize && (record = queue.poll()) != null) {
                batch.add(record);
            }
            try {
                KeycloakModelUtils.runJobInTransaction(factory, session -> {
                    EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
                    batch.forEach(em::persist);
                });
                size.addAndGet(-batch.size());
            } catch (RuntimeException e) {
                // Put them back for the next flush rather than lose them; the queue's limit bounds the retries.
                queue.addAll(batch);
                LOG.warnf("Could not write %d message-log records (%s); retrying at the next flush", batch.size(),
                        e.getMessage());
                return;
            }
        }
    }
}
