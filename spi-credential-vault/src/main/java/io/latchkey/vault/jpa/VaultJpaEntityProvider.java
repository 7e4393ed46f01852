package io.latchkey.vault.jpa;

import java.util.List;

import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;

import io.latchkey.vault.jpa.entity.VaultCredentialEntity;

/** Adds the vault's entity and Liquibase changelog to Keycloak's persistence unit. */
final class VaultJpaEntityProvider implements JpaEntityProvider {

    @Override
    public List<Class<?>> getEntities() {
        return List.of(VaultCredentialEntity.class);
    }

    @Override
    public String getChangelogLocation() {
        return "META-INF/latchkey/credential-vault/changelog-master.xml";
    }

    @Override
    public String getFactoryId() {
        return VaultJpaEntityProviderFactory.ID;
    }

    @Override
    public void close() {
        // Stateless.
    }
}
