package io.latchkey.common.ratelimit;

import java.lang.reflect.Method;
import java.util.List;
import java.util.function.IntSupplier;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * How many Keycloak nodes share the load: the members of the cluster view of Keycloak's embedded Infinispan (1 when
 * the server is not clustered, e.g. {@code --cache=local} or start-dev). Read on a request thread from the request's
 * session at most every {@value #RECHECK_MILLIS} ms, so a node joining or leaving is reflected within that time; the
 * read itself is a field access in Infinispan, no network.
 *
 * <p>The cache manager is reached by name: {@code latchkey-common} compiles against Keycloak's public SPI only, and
 * the Infinispan connection provider is not part of it. If that ever fails (another cache implementation), the size
 * stays at the last one known and the failure is logged once.
 */
final class ClusterSize implements IntSupplier {

    private static final Logger LOG = Logger.getLogger(ClusterSize.class);
    static final long RECHECK_MILLIS = 10_000;
    private static final String CONNECTION_PROVIDER = "org.keycloak.connections.infinispan.InfinispanConnectionProvider";
    /** A cache every Keycloak node has, replicated over the whole cluster. */
    private static final String WORK_CACHE = "work";

    /** 0 until the first read, so that the first view is logged too. */
    private volatile int size;
    private volatile long checkedAt;
    private volatile boolean failed;

    @Override
    public int getAsInt() {
        long now = System.currentTimeMillis();
        if (!failed && now - checkedAt >= RECHECK_MILLIS) {
            checkedAt = now;
            KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
            if (session != null) {
                int members = members(session);
                if (members > 0 && members != size) {
                    LOG.infof("Rate limits: %d Keycloak node(s) in the cluster view; each counts its share of a"
                            + " limit", members);
                    size = members;
                }
            }
        }
        return Math.max(1, size);
    }

    /** @return the members of the view, 1 when not clustered, -1 when the view cannot be read */
    @SuppressWarnings("unchecked")
    private int members(KeycloakSession session) {
        try {
            Class<? extends Provider> type = (Class<? extends Provider>) Class.forName(CONNECTION_PROVIDER, true,
                    ClusterSize.class.getClassLoader());
            Object connections = session.getProvider(type);
            if (connections == null) {
                return 1;
            }
            Method getCache = type.getMethod("getCache", String.class);
            Object cache = getCache.invoke(connections, WORK_CACHE);
            if (cache == null) {
                return 1;
            }
            Method getCacheManager = Class.forName("org.infinispan.Cache", true, type.getClassLoader())
                    .getMethod("getCacheManager");
            Object manager = getCacheManager.invoke(cache);
            Method getMembers = Class.forName("org.infinispan.manager.EmbeddedCacheManager", true,
                    type.getClassLoader()).getMethod("getMembers");
            List<?> members = (List<?>) getMembers.invoke(manager);
            return members == null || members.isEmpty() ? 1 : members.size();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            failed = true;
            LOG.warnf("Rate limits: cannot read the cluster view (%s); every node counts the whole limit, so N nodes"
                    + " may allow up to N times it", e.toString());
            return -1;
        }
    }
}
