package io.latchkey.common.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

import io.latchkey.common.StatelessProviderFactory;

/**
 * Adds a module's entities and Liquibase changelog to Keycloak's persistence unit: each module states its id,
 * changelog and entity classes, and Keycloak runs the changelog on H2 or PostgreSQL at start.
 */
public abstract class LatchkeyJpaEntityProviderFactory
        implements JpaEntityProviderFactory, StatelessProviderFactory<JpaEntityProvider> {

    private final String id;
    private final JpaEntityProvider provider;

    protected LatchkeyJpaEntityProviderFactory(String id, String changelog, Class<?>... entities) {
        this.id = id;
        List<Class<?>> entityList = List.of(entities);
        this.provider = new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return entityList;
            }

            @Override
            public String getChangelogLocation() {
                return changelog;
            }

            @Override
            public String getFactoryId() {
                return id;
            }

            @Override
            public void close() {
                // Stateless.
            }
        };
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return provider;
    }

    @Override
    public final String getId() {
        return id;
    }
}
