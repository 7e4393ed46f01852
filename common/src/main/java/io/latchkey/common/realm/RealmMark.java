package io.latchkey.common.realm;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * A realm attribute a provider sets once, on first need, in a transaction of its own (so the request that needed it
 * never fails over it); every node then reads it from the (cached) realm. Used to remember that a realm keeps a secret
 * in Keycloak's vault, so a later unreadable secret answers 503 instead of falling back to a server-wide one.
 */
public final class RealmMark {

    private static final Logger LOG = Logger.getLogger(RealmMark.class);

    private final String attribute;
    private final String value;
    private final String what;
    private final Set<String> marked = ConcurrentHashMap.newKeySet();

    /**
     * @param what how the log lines name the mark, e.g. "keeps its API-key pepper in Keycloak's vault"
     */
    public RealmMark(String attribute, String value, String what) {
        this.attribute = attribute;
        this.value = value;
        this.what = what;
    }

    public boolean isSet(RealmModel realm) {
        return value.equals(realm.getAttribute(attribute));
    }

    /** Sets the mark unless this node already did; {@code consequence} is appended to the log line. */
    public void set(KeycloakSession session, RealmModel realm, String consequence) {
        if (!marked.add(realm.getId())) {
            return;
        }
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), own -> {
                RealmModel stored = own.realms().getRealm(realm.getId());
                if (stored != null && !isSet(stored)) {
                    stored.setAttribute(attribute, value);
                    LOG.infof("Realm %s now %s: %s", realm.getName(), what, consequence);
                }
            });
        } catch (RuntimeException e) {
            // Another node may have written it at the same moment; the next use tries again.
            marked.remove(realm.getId());
            LOG.warnf("Could not mark realm %s as it %s: %s", realm.getName(), what, e.getMessage());
        }
    }
}
