package io.latchkey.vault.jpa;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

import io.latchkey.common.StatelessProviderFactory;

public final class VaultJpaEntityProviderFactory
        implements JpaEntityProviderFactory, StatelessProviderFactory<JpaEntityProvider> {

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
}
