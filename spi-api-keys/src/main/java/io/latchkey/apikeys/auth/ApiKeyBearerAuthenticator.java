package io.latchkey.apikeys.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.ws.rs.core.Response;

import org.keycloak.common.util.Time;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.PepperUnavailableException;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerifyRejection;
import io.latchkey.common.auth.ApiKeyAuthenticator;
import io.latchkey.common.rest.ApiErrors;

/**
 * API keys on the bundle's own endpoints (the vault's among them): a valid key authenticates its owner, with an
 * in-memory access token holding only the key's roles, so role checks written for access tokens limit keys too.
 * When the owner is a client's service account, the request counts as that client's.
 */
final class ApiKeyBearerAuthenticator implements ApiKeyAuthenticator {

    @Override
    public boolean recognizes(KeycloakSession session, String credential) {
        return session.getProvider(ApiKeyProvider.class).recognizes(session.getContext().getRealm(), credential);
    }

    @Override
    public AuthResult authenticate(KeycloakSession session, String credential) {
        RealmModel realm = session.getContext().getRealm();
        Optional<VerifyRejection> refused = VerifyHooks.beforeLookup(session, realm, "bearer");
        if (refused.isPresent()) {
            throw VerifyHooks.refusal(refused.get());
        }
        Verification verification;
        try {
            verification = ApiKeyUse.verify(session, realm, credential, "bearer",
                    ApiKeyUse.event(session, realm, EventType.INTROSPECT_TOKEN, null), true);
        } catch (PepperUnavailableException e) {
            throw ApiErrors.error(Response.Status.SERVICE_UNAVAILABLE, e.getMessage());
        }
        if (!verification.valid()) {
            return null;
        }
        // Keycloak's own user model from here on (verify may serve a stand-in for the owner): it becomes the request's
        // authenticated user.
        UserModel owner = session.users().getUserById(realm, verification.owner().getId());
        if (owner == null) {
            return null;
        }
        ClientModel client = owner.getServiceAccountClientLink() == null ? null
                : realm.getClientById(owner.getServiceAccountClientLink());
        AccessToken token = new AccessToken();
        token.subject(owner.getId());
        token.issuer(Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        token.type("Bearer");
        token.issuedNow();
        token.exp(Time.currentTimeSeconds() + realm.getAccessTokenLifespan());
        token.setPreferredUsername(owner.getUsername());
        if (client != null) {
            token.issuedFor(client.getClientId());
        }
        ApiKeyUse.limitToKey(token, verification);
        return new AuthResult(owner, null, token, client);
    }

    @Override
    public boolean isActive(KeycloakSession session, String keyId) {
        RealmModel realm = session.getContext().getRealm();
        return session.getProvider(ApiKeyProvider.class).get(realm, keyId)
                .filter(key -> "ACTIVE".equals(key.status(Instant.ofEpochMilli(Time.currentTimeMillis()))))
                .isPresent();
    }

    @Override
    public void close() {
        // Stateless.
    }
}
