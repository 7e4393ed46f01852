package io.latchkey.apikeys.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import io.latchkey.apikeys.jpa.entity.ApiKeyEntity;

/** Adds the API-key entity and its Liquibase changelog to Keycloak's persistence unit. */
final class ApiKeysJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(ApiKeyEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/latchkey/api-keys/changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return ApiKeysJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
        // Stateless.
    }
}
