package io.latchkey.apikeys.cluster;

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
 * Keeps every node's {@link VerifyCache} coherent: a change invalidates this node's cache at once and again when its
 * transaction ends, and the other nodes' through a Keycloak cluster event sent after the commit (sent earlier, another
 * node could reload the old row before the change is visible). A cluster view change (a node left, joined or a
 * partition merged) empties the cache: this node may have missed events while it was apart.
 */
public final class VerifyCacheCluster {

    /** The cluster task key the invalidations travel under. */
    public static final String TASK_KEY = "latchkey-api-keys-verify-cache";

    private static final Logger LOG = Logger.getLogger(VerifyCacheCluster.class);

    private VerifyCacheCluster() {
    }

    /** Listens for invalidations from other nodes and for view changes; called once, from the factory's postInit. */
    public static void register(KeycloakSessionFactory factory, VerifyCache cache) {
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
    }

    /** Invalidates now on this node, and on every node once the session's transaction has ended. */
    public static void invalidate(KeycloakSession session, VerifyCache cache, ApiKeyCacheInvalidation event) {
        event.applyTo(cache);
        ClusterProvider cluster = session.getProvider(ClusterProvider.class);
        session.getTransactionManager().enlistAfterCompletion(new AbstractKeycloakTransaction() {
            @Override
            protected void commitImpl() {
                event.applyTo(cache);
                if (cluster != null) {
                    // To every other node, in every site: this node has applied it already.
                    cluster.notify(TASK_KEY, event, true);
                }
            }

            @Override
            protected void rollbackImpl() {
                // Nothing changed; a verify in between may have reloaded the unchanged row, which is still right.
            }
        });
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
