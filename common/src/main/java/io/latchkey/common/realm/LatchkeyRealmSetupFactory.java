package io.latchkey.common.realm;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderFactory;

/** Runs {@link LatchkeyRealmSetup#ensure} for each new realm and, at start-up, for every existing one. */
public final class LatchkeyRealmSetupFactory implements ProviderFactory<LatchkeyRealmSetup> {

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
        EveryRealm.register(factory, "set up Latchkey's clients", (session, realm) -> LatchkeyRealmSetup.ensure(realm));
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
