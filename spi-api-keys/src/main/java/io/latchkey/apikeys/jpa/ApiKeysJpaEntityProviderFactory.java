package io.latchkey.apikeys.jpa;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

import io.latchkey.common.StatelessProviderFactory;

public final class ApiKeysJpaEntityProviderFactory
        implements JpaEntityProviderFactory, StatelessProviderFactory<JpaEntityProvider> {

    static final String ID = "latchkey-api-keys";

    private static final ApiKeysJpaEntityProvider INSTANCE = new ApiKeysJpaEntityProvider();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return ID;
    }
}
