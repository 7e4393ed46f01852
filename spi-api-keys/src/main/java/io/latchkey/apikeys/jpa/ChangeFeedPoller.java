package io.latchkey.apikeys.jpa;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import jakarta.persistence.EntityManager;

import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.apikeys.cache.VerifyCache;
import io.latchkey.apikeys.cluster.ChangeFeedCursor;

/**
 * Applies the change feed to this node's {@link VerifyCache} every {@code intervalMillis}, on a thread of its own (never
 * on a request: a verify served from the cache still sends no SQL). An idle poll is one primary-key SELECT of the
 * counter row; the feed's rows are read only when the counter moved. After each successful poll the cache is confirmed
 * fresh as of the poll's start; when polls fail (the database is gone) the cache stops serving and verifies read the
 * database, so they fail rather than answer from a cache that may have missed a revocation. Rows older than
 * {@link #RETENTION_MILLIS} are pruned by whichever node gets there first, once a minute per node.
 */
final class ChangeFeedPoller {

    /** How long feed rows are kept: far longer than any node can be behind and still serve from its cache. */
    static final long RETENTION_MILLIS = 3_600_000;
    static final int MAX_BATCH = 1000;
    private static final long PRUNE_EVERY_MILLIS = 60_000;
    private static final Logger LOG = Logger.getLogger(ChangeFeedPoller.class);

    private final KeycloakSessionFactory factory;
    private final VerifyCache cache;
    private final long intervalMillis;
    private final ChangeFeedCursor cursor = new ChangeFeedCursor(MAX_BATCH);
    private ScheduledExecutorService executor;
    private long lastPrune;
    private volatile String failure;

    ChangeFeedPoller(KeycloakSessionFactory factory, VerifyCache cache, long intervalMillis) {
        this.factory = factory;
        this.cache = cache;
        this.intervalMillis = intervalMillis;
    }

    void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "latchkey-api-key-changes");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::pollQuietly, 0, intervalMillis, TimeUnit.MILLISECONDS);
    }

    void close() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The number of the last change applied (operational info). */
    long position() {
        return cursor.position();
    }

    /** Why the latest poll failed, or null when it succeeded. */
    String failure() {
        return failure;
    }

    private void pollQuietly() {
        try {
            poll();
            if (failure != null) {
                LOG.infof("API-key change feed read again; the verify cache serves again");
                failure = null;
            }
        } catch (RuntimeException e) {
            if (failure == null) {
                // Once per outage: the database being gone is logged loudly enough elsewhere.
                LOG.warnf("API-key change feed not readable (%s): verifies read the database until it is", e);
            }
            failure = String.valueOf(e.getMessage());
        }
    }

    /** One poll: read the counter, then what lies between the cursor and it; apply; confirm the cache fresh. */
    void poll() {
        long startedAt = cache.now();
        boolean started = cache.confirmedAt() != Long.MIN_VALUE;
        ChangeFeedCursor.Step step = KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            EntityManager em = em(session);
            return cursor.next(ChangeFeed.counter(em), (after, upTo) -> ChangeFeed.read(em, after, upTo));
        });
        step.applyTo(cache);
        cursor.advance(step);
        cache.confirmFresh(startedAt);
        if (step.clearsAll() && started) {
            LOG.infof("API-key verify cache cleared: %s", step.reason());
        }
        if (startedAt - lastPrune >= PRUNE_EVERY_MILLIS) {
            lastPrune = startedAt;
            try {
                KeycloakModelUtils.runJobInTransaction(factory,
                        session -> ChangeFeed.prune(em(session), startedAt - RETENTION_MILLIS));
            } catch (RuntimeException e) {
                // Another node prunes too, and this one tries again in a minute.
                LOG.debugf("API-key change feed not pruned: %s", e);
            }
        }
    }

    private static EntityManager em(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
