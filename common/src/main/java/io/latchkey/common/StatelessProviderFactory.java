package io.latchkey.common;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;

/**
 * A provider factory with nothing to configure, listen to or release: the lifecycle methods Keycloak requires are
 * no-ops here, so each factory states only what it makes. Factories with options or listeners override them.
 */
public interface StatelessProviderFactory<T extends Provider> extends ProviderFactory<T> {

    @Override
    default void init(Config.Scope config) {
        // No options.
    }

    @Override
    default void postInit(KeycloakSessionFactory factory) {
        // Nothing to listen to.
    }

    @Override
    default void close() {
        // Nothing held across sessions.
    }
}
