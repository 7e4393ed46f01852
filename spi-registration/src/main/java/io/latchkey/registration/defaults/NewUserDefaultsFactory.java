package io.latchkey.registration.defaults;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Registers {@link NewUserDefaults} for every realm, without a realm having to enable it. */
public final class NewUserDefaultsFactory implements EventListenerProviderFactory {

    public static final String ID = "latchkey-new-user-defaults";

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new NewUserDefaults(session);
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public void init(Config.Scope config) {
        // No settings: the defaults are the realm's user profile.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to wire.
    }

    @Override
    public void close() {
        // Holds nothing.
    }

    @Override
    public String getId() {
        return ID;
    }
}
