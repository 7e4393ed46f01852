package io.latchkey.vault.spi;

import org.keycloak.provider.ProviderFactory;

public interface CredentialVaultProviderFactory extends ProviderFactory<CredentialVaultProvider> {
}
