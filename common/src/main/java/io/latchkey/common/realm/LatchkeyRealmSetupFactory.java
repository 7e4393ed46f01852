package io.latchkey.common.realm;

import java.util.ArrayList;
import java.util.List;

import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.provider.ProviderFactory;

/** Runs {@link LatchkeyRealmSetup#ensure} for each new realm and, at start-up, for every existing one. */
public final class LatchkeyRealmSetupFactory implements ProviderFactory<LatchkeyRealmSetup> {

    private static final Logger LOG = Logger.getLogger(LatchkeyRealmSetupFactory.class);

    @Override
    public LatchkeyRealmSetup create(KeycloakSession session) {
        return null;
    }

    @Override
    public void init(Config.Scope config) {
        // No options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                LatchkeyRealmSetup.ensure(created.getCreatedRealm());
            } else if (event instanceof PostMigrationEvent migrated) {
                List<String> realmIds = new ArrayList<>();
                KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
                        session -> session.realms().getRealmsStream().forEach(realm -> realmIds.add(realm.getId())));
                for (String realmId : realmIds) {
                    try {
                        KeycloakModelUtils.runJobInTransaction(migrated.getFactory(),
                                session -> LatchkeyRealmSetup.ensure(session.realms().getRealm(realmId)));
                    } catch (RuntimeException e) {
                        // Another node may be creating the same clients right now; the next start completes it.
                        LOG.warnf(e, "Could not set up Latchkey's clients in realm %s", realmId);
                    }
                }
            }
        });
    }

    @Override
    public void close() {
        // Nothing held.
    }

    @Override
    public String getId() {
        return "default";
    }
}
