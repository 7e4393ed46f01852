package io.latchkey.common.auth;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code latchkey-api-key-authenticator}: how the bundle's endpoints accept API keys (see {@link ApiKeyAuthenticator}). */
public final class ApiKeyAuthenticatorSpi implements Spi {

    public static final String NAME = "latchkey-api-key-authenticator";

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
        return ApiKeyAuthenticator.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiKeyAuthenticatorFactory.class;
    }
}
