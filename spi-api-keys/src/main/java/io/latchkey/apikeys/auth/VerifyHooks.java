package io.latchkey.apikeys.auth;

import java.util.List;
import java.util.Optional;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderFactory;

import io.latchkey.apikeys.spi.ApiKeyVerifyHook;
import io.latchkey.apikeys.spi.VerifyRejection;

/** The deployed {@link ApiKeyVerifyHook}s, in provider-id order. */
public final class VerifyHooks {

    private VerifyHooks() {
    }

    public static List<ApiKeyVerifyHook> ordered(KeycloakSession session) {
        return session.getKeycloakSessionFactory().getProviderFactoriesStream(ApiKeyVerifyHook.class)
                .map(ProviderFactory::getId).sorted()
                .map(id -> session.getProvider(ApiKeyVerifyHook.class, id)).toList();
    }

    /** The first rejection of any hook before the key is looked up, from the request's client address. */
    public static Optional<VerifyRejection> beforeLookup(KeycloakSession session, RealmModel realm, String use) {
        String clientIp = session.getContext().getConnection().getRemoteAddr();
        for (ApiKeyVerifyHook hook : ordered(session)) {
            Optional<VerifyRejection> rejection = hook.beforeLookup(session, realm, clientIp, use);
            if (rejection.isPresent()) {
                return rejection;
            }
        }
        return Optional.empty();
    }
}
