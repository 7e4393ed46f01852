package io.latchkey.apikeys.spi;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/** {@code latchkey-api-key-verify-hook}: see {@link ApiKeyVerifyHook}. */
public final class ApiKeyVerifyHookSpi implements Spi {

    public static final String NAME = "latchkey-api-key-verify-hook";

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
        return ApiKeyVerifyHook.class;
    }

    @Override
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return ApiKeyVerifyHookFactory.class;
    }
}
