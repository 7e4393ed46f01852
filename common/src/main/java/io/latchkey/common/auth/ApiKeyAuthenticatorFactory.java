package io.latchkey.common.auth;

import org.keycloak.provider.ProviderFactory;

public interface ApiKeyAuthenticatorFactory extends ProviderFactory<ApiKeyAuthenticator> {
}
