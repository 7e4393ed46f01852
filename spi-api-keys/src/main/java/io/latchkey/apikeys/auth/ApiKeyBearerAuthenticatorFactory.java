package io.latchkey.apikeys.auth;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.StatelessProviderFactory;
import io.latchkey.common.auth.ApiKeyAuthenticator;
import io.latchkey.common.auth.ApiKeyAuthenticatorFactory;

public final class ApiKeyBearerAuthenticatorFactory
        implements ApiKeyAuthenticatorFactory, StatelessProviderFactory<ApiKeyAuthenticator> {

    private static final ApiKeyBearerAuthenticator INSTANCE = new ApiKeyBearerAuthenticator();

    @Override
    public ApiKeyAuthenticator create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return "latchkey-api-keys";
    }
}
