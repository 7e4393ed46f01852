package io.latchkey.apikeys.grant;

import org.keycloak.models.KeycloakSession;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.protocol.oidc.TokenExchangeProviderFactory;

import io.latchkey.common.StatelessProviderFactory;

/** Registers {@link KeyTokenExchangeGuard} ahead of Keycloak's token-exchange providers. */
public final class KeyTokenExchangeGuardFactory
        implements TokenExchangeProviderFactory, StatelessProviderFactory<TokenExchangeProvider> {

    private static final KeyTokenExchangeGuard INSTANCE = new KeyTokenExchangeGuard();

    @Override
    public TokenExchangeProvider create(KeycloakSession session) {
        return INSTANCE;
    }

    @Override
    public String getId() {
        return "latchkey-key-token-guard";
    }

    /** Above Keycloak's standard (10) and legacy (0) providers, so it is asked first. */
    @Override
    public int order() {
        return 1000;
    }
}
