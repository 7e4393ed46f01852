package io.latchkey.apikeys.grant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.grants.OAuth2GrantType;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeFactory;

import io.latchkey.common.StatelessProviderFactory;

/** Registers {@link ApiKeyGrantType}: Keycloak finds a grant by the {@code grant_type} value, its provider id. */
public final class ApiKeyGrantTypeFactory implements OAuth2GrantTypeFactory, StatelessProviderFactory<OAuth2GrantType> {

    public static final String GRANT_TYPE = "urn:latchkey:params:oauth:grant-type:api-key";

    @Override
    public OAuth2GrantType create(KeycloakSession session) {
        return new ApiKeyGrantType();
    }

    @Override
    public String getId() {
        return GRANT_TYPE;
    }

    @Override
    public String getShortcut() {
        return "ak";
    }
}
