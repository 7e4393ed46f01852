package io.latchkey.apikeys.spi;

import org.keycloak.provider.ProviderFactory;

public interface ApiKeyVerifyHookFactory extends ProviderFactory<ApiKeyVerifyHook> {
}
