package io.latchkey.apikeys.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code api-keys}: configured as {@code --spi-api-keys--jpa--<option>}. */
public final class ApiKeySpi implements Spi {

    public static final String NAME = "api-keys";

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
        return ApiKeyProvider.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiKeyProviderFactory.class;
    }
}
