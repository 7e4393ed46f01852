package io.latchkey.common.rest;

import java.util.List;

import jakarta.ws.rs.core.HttpHeaders;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

import io.latchkey.common.auth.ApiKeyAuthenticator;
import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;

/**
 * Authenticates a realm resource request by its bearer access token, the way Keycloak's own account REST does.
 * Only the Authorization header counts: no cookies, so state-changing endpoints are not open to CSRF.
 *
 * <p>When the api-keys module is deployed, a bearer credential shaped like one of the realm's API keys is handed to
 * its {@link ApiKeyAuthenticator} instead: the request then runs as the key's owner with only the key's roles.
 *
 * <p>An access token counts only when it was issued for Latchkey: its audience must hold the realm's Latchkey
 * audience ({@value #AUDIENCE_ATTRIBUTE}, by default the {@code latchkey} client, which Keycloak adds to every token
 * that carries one of that client's roles). A token minted for another relying party is refused, as Keycloak's account
 * API refuses tokens not meant for it. A token exchanged from an API key counts only while that key is still valid.
 */
public final class BearerAuth {

    static final String MISSING = "Authentication credentials were not provided";
    static final String INVALID = "Invalid token";
    static final String INVALID_API_KEY = "Invalid API key";
    /** Realm attribute: the audience an access token must carry to be accepted here. */
    public static final String AUDIENCE_ATTRIBUTE = "latchkey.token_audience";

    private static final String BEARER = "Bearer";

    private BearerAuth() {
    }

    /**
     * @return the authenticated caller: its token, user, client and kind
     * @throws jakarta.ws.rs.WebApplicationException 401 when the header is absent or the token is not a valid,
     *         active access token of this realm meant for Latchkey
     */
    public static Caller require(KeycloakSession session) {
        RealmModel realmModel = session.getContext().getRealm();
        String realm = realmModel.getName();
        List<String> headers = session.getContext().getRequestHeaders().getRequestHeader(HttpHeaders.AUTHORIZATION);
        if (headers == null || headers.isEmpty() || headers.get(0) == null || headers.get(0).isBlank()) {
            throw ApiErrors.unauthorized(realm, MISSING);
        }
        // Two Authorization headers: which one counts would be a guess, and proxies may disagree with us.
        String token = headers.size() == 1 ? credential(headers.get(0)) : null;
        if (token == null) {
            throw ApiErrors.unauthorized(realm, INVALID);
        }
        ApiKeyAuthenticator apiKeys = session.getProvider(ApiKeyAuthenticator.class);
        if (apiKeys != null && apiKeys.recognizes(session, token)) {
            AuthResult result = apiKeys.authenticate(session, token);
            if (result == null) {
                throw ApiErrors.unauthorized(realm, INVALID_API_KEY);
            }
            return new Caller(result, Caller.Kind.API_KEY);
        }
        AuthResult result = new AppAuthManager.BearerTokenAuthenticator(session)
                .setTokenString(token)
                .setAudience(audience(realmModel))
                .authenticate();
        if (result == null) {
            throw ApiErrors.unauthorized(realm, INVALID);
        }
        AccessToken accessToken = result.token();
        if (LatchkeyRoles.KEY_TOKEN_CLIENT_ID.equals(accessToken.getIssuedFor())) {
            Object keyId = accessToken.getOtherClaims().get(Caller.KEY_ID_CLAIM);
            // The key's revocation, expiry or deletion ends its tokens here at once, not when they expire.
            if (keyId == null || apiKeys == null || !apiKeys.isActive(session, keyId.toString())) {
                throw ApiErrors.unauthorized(realm, INVALID);
            }
            return new Caller(result, Caller.Kind.KEY_TOKEN);
        }
        boolean serviceAccount = result.client() != null
                && result.client().getId().equals(result.user().getServiceAccountClientLink());
        return new Caller(result, serviceAccount ? Caller.Kind.SERVICE_ACCOUNT : Caller.Kind.USER);
    }

    /** The audience access tokens must carry in {@code realm}. */
    public static String audience(RealmModel realm) {
        String configured = realm.getAttribute(AUDIENCE_ATTRIBUTE);
        return configured == null || configured.isBlank() ? LatchkeyRoles.CLIENT_ID : configured.trim();
    }

    /**
     * The credential of an {@code Authorization: Bearer <credential>} header, or null: the one parser of the bundle,
     * for access tokens and API keys alike. The scheme is case-insensitive (RFC 9110 11.1); then exactly one space and
     * one credential of visible ASCII (RFC 6750's b64token and every key format are within it), nothing around it: a
     * header that could be read two ways is refused rather than guessed at.
     */
    public static String credential(String header) {
        if (header == null || header.length() <= BEARER.length() + 1
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())
                || header.charAt(BEARER.length()) != ' ') {
            return null;
        }
        String credential = header.substring(BEARER.length() + 1);
        return credential.chars().allMatch(c -> c > ' ' && c <= '~') ? credential : null;
    }
}
