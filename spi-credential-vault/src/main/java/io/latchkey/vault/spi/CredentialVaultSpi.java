package io.latchkey.vault.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code credential-vault}: configured as {@code --spi-credential-vault--jpa--<option>}. */
public final class CredentialVaultSpi implements Spi {

    public static final String NAME = "credential-vault";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return CredentialVaultProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return CredentialVaultProviderFactory.class;
    }
}
