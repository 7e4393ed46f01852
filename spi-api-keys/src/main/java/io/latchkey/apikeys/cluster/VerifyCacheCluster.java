package io.latchkey.apikeys.cluster;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.LongAdder;

import org.infinispan.manager.EmbeddedCacheManager;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachemanagerlistener.annotation.Merged;
import org.infinispan.notifications.cachemanagerlistener.annotation.ViewChanged;
import org.infinispan.notifications.cachemanagerlistener.event.ViewChangedEvent;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.apikeys.cache.VerifyCache;

/**
 * The fast path of cache coherence: a change invalidates this node's cache at once and again when its transaction
 * ends, and the other nodes' through a Keycloak cluster event sent after the commit (sent earlier, another node could
 * reload the old row before the change is visible). A cluster view change (a node left, joined or a partition merged)
 * empties the cache: this node may have missed events while it was apart.
 *
 * <p>Events are the fast path, not the guarantee: the change feed each node polls bounds how long any node serves a
 * changed key, whether or not it hears events. So the request that made the change waits for its event only up to
 * {@link #SEND_WAIT_MILLIS}: in a healthy cluster the other nodes have the event before the change is answered, as
 * callers expect; while a peer is unreachable but not yet suspected, Keycloak's {@code notify} (a write to a replicated
 * cache) would otherwise hold the request until the cluster's remote timeout, 15 s. The event is sent from a thread of
 * its own, which finishes or fails on its own.
 */
public final class VerifyCacheCluster {

    /** The cluster task key the invalidations travel under. */
    public static final String TASK_KEY = "latchkey-api-keys-verify-cache";
    /** Events waiting to be sent; beyond, an event is dropped (the feed still carries its change). */
    static final int QUEUE = 10_000;
    /** How long a change's answer waits for its event to reach the other nodes. */
    static final long SEND_WAIT_MILLIS = 500;

    private static final Logger LOG = Logger.getLogger(VerifyCacheCluster.class);

    private final KeycloakSessionFactory factory;
    private final VerifyCache cache;
    private final ThreadPoolExecutor sender;
    private final LongAdder unsent = new LongAdder();

    private VerifyCacheCluster(KeycloakSessionFactory factory, VerifyCache cache) {
        this.factory = factory;
        this.cache = cache;
        this.sender = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                runnable -> {
                    Thread thread = new Thread(runnable, "latchkey-api-key-events");
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /**
     * Listens for invalidations from other nodes and for view changes; called once, from the factory's postInit.
     */
    public static VerifyCacheCluster register(KeycloakSessionFactory factory, VerifyCache cache) {
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.registerListener(TASK_KEY, event -> {
                    if (event instanceof ApiKeyCacheInvalidation invalidation) {
                        invalidation.applyTo(cache);
                    }
                });
            }
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            if (infinispan != null) {
                EmbeddedCacheManager manager = infinispan.getCache(InfinispanConnectionProvider.WORK_CACHE_NAME)
                        .getCacheManager();
                manager.addListener(new ViewListener(cache));
            }
        });
        return new VerifyCacheCluster(factory, cache);
    }

    /** Invalidates now on this node, and on every node once the session's transaction has committed. */
    public void invalidate(KeycloakSession session, ApiKeyCacheInvalidation event) {
        event.applyTo(cache);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                event.applyTo(cache);
                awaitSent(send(event));
            }

            @Override
            protected void rollbackImpl() {
                // Nothing changed; a verify in between may have reloaded the unchanged row, which is still right.
            }
        });
    }

    /** Events dropped or failed since start (operational info): the feed carried their changes. */
    public long unsent() {
        return unsent.sum();
    }

    public void close() {
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends {@code event} to the other nodes from the sender thread; null when the queue is full. */
    private Future<?> send(ApiKeyCacheInvalidation event) {
        try {
            return sender.submit(() -> {
                try {
                    KeycloakModelUtils.runJobInTransaction(factory, session -> {
                        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
                        if (cluster != null) {
                            // To every other node, in every site: this node has applied it already.
                            cluster.notify(TASK_KEY, event, true);
                        }
                    });
                } catch (RuntimeException e) {
                    unsent.increment();
                    LOG.debugf("API-key cache event %s not sent to the other nodes (%s); they see the change"
                            + " through the change feed", event, e);
                }
            });
        } catch (RejectedExecutionException e) {
            unsent.increment();
            return null;
        }
    }

    private static void awaitSent(Future<?> sent) {
        if (sent == null) {
            return;
        }
        try {
            sent.get(SEND_WAIT_MILLIS, TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // Still sending, or failed (counted there): the change feed carries it to the other nodes.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Public for Infinispan's listener invocation. */
    @Listener
    public static final class ViewListener {

        private final VerifyCache cache;

        ViewListener(VerifyCache cache) {
            this.cache = cache;
        }

        @ViewChanged
        @Merged
        public void viewChanged(ViewChangedEvent event) {
            cache.clear();
            // Rare, and what an operator checks after a partition: as visible as Infinispan's own view messages.
            LOG.infof("Cluster view changed to %s: API-key verify cache cleared", event.getNewMembers());
        }
    }
}
