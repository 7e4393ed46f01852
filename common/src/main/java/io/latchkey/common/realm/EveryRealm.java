package io.latchkey.common.realm;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;

/**
 * Runs an action for each new realm and, at start-up, for every existing one (realms created before this bundle was
 * installed). At start-up each realm gets its own transaction, and a failure is logged, not fatal: one realm must not
 * keep the server from starting.
 */
public final class EveryRealm {

    private static final Logger LOG = Logger.getLogger(EveryRealm.class);

    private EveryRealm() {
    }

    /** @param what what the action does, for the log line when it fails ("set up Latchkey's clients") */
    public static void register(KeycloakSessionFactory factory, String what,
            BiConsumer<KeycloakSession, RealmModel> action) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                action.accept(created.getKeycloakSession(), created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent migrated) {
                List<String> realmIds = new ArrayList<>();
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
                        session -> session.realms().getRealmsStream().forEach(realm -> realmIds.add(realm.getId())));
                for (String realmId : realmIds) {
                    try {
                        KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
                                session -> action.accept(session, session.realms().getRealm(realmId)));
                    } catch (RuntimeException e) {
                        // Another node may be doing the same right now; the next start completes it.
                        LOG.warnf(e, "Could not %s in realm %s", what, realmId);
                    }
                }
            }
        });
    }
}
