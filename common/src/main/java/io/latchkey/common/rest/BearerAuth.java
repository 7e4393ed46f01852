package io.latchkey.common.rest;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Authenticates a realm resource request by its bearer access token, the way Keycloak's own account REST does.
 * Only the Authorization header counts: no cookies, so state-changing endpoints are not open to CSRF.
 */
public final class BearerAuth {

    static final String MISSING = "Authentication credentials were not provided";
    static final String INVALID = "Invalid token";

    private BearerAuth() {
    }

    /**
     * @return the authenticated token, user and client
     * @throws jakarta.ws.rs.WebApplicationException 401 when the header is absent or the token is not a valid,
     *         active access token of this realm
     */
    public static AuthResult require(KeycloakSession session) {
        String realm = session.getContext().getRealm().getName();
        String header = session.getContext().getRequestHeaders().getHeaderString(HttpHeaders.AUTHORIZATION);
        if (header == null || header.isBlank()) {
            throw ApiErrors.unauthorized(realm, MISSING);
        }
        String token = bearerToken(header);
        if (token == null) {
            throw ApiErrors.unauthorized(realm, INVALID);
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
