package io.latchkey.vault.jpa;

import org.keycloak.Config;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

public final class VaultJpaEntityProviderFactory implements JpaEntityProviderFactory {

    static final String ID = "latchkey-credential-vault";

    private static final VaultJpaEntityProvider INSTANCE = new VaultJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void init(Config.Scope config) {
        // No options.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // Nothing to listen to.
    }

    @Override
    public void close() {
        // Stateless.
    }
}
