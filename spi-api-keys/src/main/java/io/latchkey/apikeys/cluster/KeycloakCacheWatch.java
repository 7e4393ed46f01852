package io.latchkey.apikeys.cluster;

import org.infinispan.Cache;
import org.infinispan.notifications.Listener;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryCreated;
import org.infinispan.notifications.cachelistener.annotation.CacheEntryModified;
import org.infinispan.notifications.cachelistener.event.CacheEntryEvent;
import org.jboss.logging.Logger;
import org.keycloak.cluster.ClusterProvider;
import org.keycloak.connections.infinispan.InfinispanConnectionProvider;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.cache.infinispan.InfinispanCacheRealmProviderFactory;
import org.keycloak.models.cache.infinispan.InfinispanUserCacheProviderFactory;
import org.keycloak.models.cache.infinispan.entities.Revisioned;
import org.keycloak.models.utils.KeycloakModelUtils;

import io.latchkey.apikeys.cache.OwnerVerdicts;

/**
 * Ties the verdicts on key owners ({@link OwnerVerdicts}) to Keycloak's own user and realm caches, on this node.
 *
 * <p>Keycloak invalidates a cached object through {@code CacheManager.invalidateObject}, for a change made on this
 * node and for an invalidation event received from another, and that always writes a new revision for the object's
 * key into the {@code userRevisions} or {@code realmRevisions} cache, whether the object was cached or not. Listening
 * to those writes (synchronously, in the invalidating thread) hears every invalidation Keycloak makes; a load into
 * Keycloak's cache may write a revision too, which only costs the owner's verdict one more lookup. Cleared caches
 * write no revision: a cleared user cache no longer holds the revision a verdict was derived from
 * ({@link #cachedRevision}), and a realm cache cleared on another node arrives as Keycloak's clear event.
 *
 * <p>Without these caches (a Keycloak configured otherwise) nothing is watched and {@link #watching()} is false:
 * every verify then asks Keycloak for the owner.
 */
public final class KeycloakCacheWatch {

    private static final Logger LOG = Logger.getLogger(KeycloakCacheWatch.class);

    private final Cache<String, Revisioned> users;

    private KeycloakCacheWatch(Cache<String, Revisioned> users) {
        this.users = users;
    }

    /** Watches nothing: every verify asks Keycloak for the owner. */
    public static KeycloakCacheWatch none() {
        return new KeycloakCacheWatch(null);
    }

    /** Starts listening; called once, from the factory's postInit. */
    public static KeycloakCacheWatch register(KeycloakSessionFactory factory, OwnerVerdicts owners) {
        KeycloakCacheWatch[] watch = {none()};
        KeycloakModelUtils.runJobInTransaction(factory, session -> {
            InfinispanConnectionProvider infinispan = session.getProvider(InfinispanConnectionProvider.class);
            if (infinispan == null) {
                return;
            }
            Cache<String, Revisioned> users = infinispan.getCache(InfinispanConnectionProvider.USER_CACHE_NAME);
            Cache<String, Long> userRevisions =
                    infinispan.getCache(InfinispanConnectionProvider.USER_REVISIONS_CACHE_NAME);
            Cache<String, Long> realmRevisions =
                    infinispan.getCache(InfinispanConnectionProvider.REALM_REVISIONS_CACHE_NAME);
            if (users == null || userRevisions == null || realmRevisions == null) {
                LOG.infof("Keycloak's user and realm caches are not local here: API-key verify asks Keycloak for"
                        + " every key's owner");
                return;
            }
            userRevisions.addListener(new UserRevisions(owners));
            realmRevisions.addListener(new RealmRevisions(owners));
            ClusterProvider cluster = session.getProvider(ClusterProvider.class);
            if (cluster != null) {
                cluster.registerListener(InfinispanUserCacheProviderFactory.USER_CLEAR_CACHE_EVENTS,
                        event -> owners.clear());
                cluster.registerListener(InfinispanCacheRealmProviderFactory.REALM_CLEAR_CACHE_EVENTS,
                        event -> owners.clear());
            }
            watch[0] = new KeycloakCacheWatch(users);
        });
        return watch[0];
    }

    public boolean watching() {
        return users != null;
    }

    /** The revision of Keycloak's cached user {@code userId} on this node; -1 when it is not cached. */
    public long cachedRevision(String userId) {
        if (users == null) {
            return -1;
        }
        Revisioned cached = users.get(userId);
        return cached == null ? -1 : cached.getRevision();
    }

    /** Public for Infinispan's listener invocation. */
    @Listener(sync = true)
    public static final class UserRevisions {

        private final OwnerVerdicts owners;

        UserRevisions(OwnerVerdicts owners) {
            this.owners = owners;
        }

        @CacheEntryCreated
        @CacheEntryModified
        public void invalidated(CacheEntryEvent<String, Long> event) {
            // Before and after the write: a verdict derived in between is dropped by the second call.
            owners.userInvalidated(event.getKey());
        }
    }

    /** Public for Infinispan's listener invocation. */
    @Listener(sync = true)
    public static final class RealmRevisions {

        private final OwnerVerdicts owners;

        RealmRevisions(OwnerVerdicts owners) {
            this.owners = owners;
        }

        @CacheEntryCreated
        @CacheEntryModified
        public void invalidated(CacheEntryEvent<String, Long> event) {
            owners.realmInvalidated();
        }
    }
}
