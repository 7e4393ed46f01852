package io.latchkey.common.rest;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.latchkey.common.auth.ApiKeyAuthenticator;

/**
 * Authenticates a realm resource request by its bearer access token, the way Keycloak's own account REST does.
 * Only the Authorization header counts: no cookies, so state-changing endpoints are not open to CSRF.
 *
 * <p>When the api-keys module is deployed, a bearer credential shaped like one of the realm's API keys is handed to
 * its {@link ApiKeyAuthenticator} instead: the request then runs as the key's owner with only the key's roles.
 */
public final class BearerAuth {

    static final String MISSING = "Authentication credentials were not provided";
    static final String INVALID = "Invalid token";
    static final String INVALID_API_KEY = "Invalid API key";

    private BearerAuth() {
    }

    /**
     * @return the authenticated token, user and client
     * @throws jakarta.ws.rs.WebApplicationException 401 when the header is absent or the token is not a valid,
     *         active access token of this realm
     */
    public static AuthResult require(KeycloakSession session) {
        String realm = session.getContext().getRealm().getName();
        List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty() || headers.get(0) == null || headers.get(0).isBlank()) {
            throw ApiErrors.unauthorized(realm, MISSING);
        }
        // Two Authorization headers: which one counts would be a guess, and proxies may disagree with us.
        String token = headers.size() == 1 ? bearerToken(headers.get(0)) : null;
        if (token == null) {
            throw ApiErrors.unauthorized(realm, INVALID);
        }
        ApiKeyAuthenticator apiKeys = session.getProvider(ApiKeyAuthenticator.class);
        if (apiKeys != null && apiKeys.recognizes(session, token)) {
            AuthResult result = apiKeys.authenticate(session, token);
            if (result == null) {
                throw ApiErrors.unauthorized(realm, INVALID_API_KEY);
            }
            return result;
        }
        AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setTokenString(token)
                .authenticate();
        if (result == null) {
            throw ApiErrors.unauthorized(realm, INVALID);
        }
        return result;
    }

    /** The token of a {@code Bearer <token>} header (scheme case-insensitive, RFC 9110 11.1), or null. */
    static String bearerToken(String header) {
        int space = header.indexOf(' ');
        if (space <= 0 || !header.substring(0, space).equalsIgnoreCase("Bearer")) {
            return null;
        }
        String token = header.substring(space + 1).trim();
        return token.isEmpty() || token.indexOf(' ') >= 0 ? null : token;
    }
}
