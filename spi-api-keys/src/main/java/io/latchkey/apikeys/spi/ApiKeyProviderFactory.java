package io.latchkey.apikeys.spi;

import org.keycloak.provider.ProviderFactory;

public interface ApiKeyProviderFactory extends ProviderFactory<ApiKeyProvider> {
}
