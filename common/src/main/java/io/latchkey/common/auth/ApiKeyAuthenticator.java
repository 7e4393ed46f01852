package io.latchkey.common.auth;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.Provider;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Lets the bundle's REST resources accept an API key wherever they accept a user's access token. The api-keys
 * module provides it; without that module deployed, {@link io.latchkey.common.rest.BearerAuth} sees no provider
 * and accepts access tokens only.
 */
public interface ApiKeyAuthenticator extends Provider {

    /** Whether {@code credential} has the shape of one of this realm's API keys (no database access). */
    boolean recognizes(KeycloakSession session, String credential);

    /**
     * Authenticates the request as the key's owner, limited to the key's roles: the returned token's
     * {@code realm_access} and {@code resource_access} hold only those, and its {@code api_key_id} claim names the
     * key. Records the use and, on failure, an event with the precise reason.
     *
     * @return null when the key is not valid here and now (unknown, revoked, expired, owner disabled, address not
     *         in the key's own allow-list); the caller answers 401 without saying which
     * @throws jakarta.ws.rs.WebApplicationException the realm's refusal before any key is looked up, whatever the
     *         key: 429 over its per-address rate limit, 403 from an address outside its IP allow-list
     */
    AuthResult authenticate(KeycloakSession session, String credential);

    /** Whether the key {@code keyId} of the session's realm can be used now (exists, active, not expired). */
    boolean isActive(KeycloakSession session, String keyId);
}
