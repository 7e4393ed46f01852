package io.latchkey.apikeys.grant;

import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.jose.jws.JWSInput;
import org.keycloak.jose.jws.JWSInputException;
import org.keycloak.protocol.oidc.TokenExchangeContext;
import org.keycloak.protocol.oidc.TokenExchangeProvider;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;

/**
 * Keeps tokens made from API keys out of Keycloak's token exchange. Keycloak's standard exchange builds the new token
 * from the subject's user and the requesting client's scope, not from the subject token's claims, so a key token
 * exchanged by a client in its audience would come back with every role its owner holds. This provider is asked before
 * Keycloak's own ({@link KeyTokenExchangeGuardFactory#order()}), claims every request whose subject or actor token is
 * a key token, and refuses it.
 */
final class KeyTokenExchangeGuard implements TokenExchangeProvider {

    static final String REFUSED = "A token made from an API key cannot be exchanged; exchange the key itself.";

    @Override
    public boolean supports(TokenExchangeContext context) {
        return isKeyToken(context.getParams().getSubjectToken()) || isKeyToken(context.getParams().getActorToken());
    }

    @Override
    public Response exchange(TokenExchangeContext context) {
        context.getEvent().detail(Details.REASON, "subject or actor token was exchanged from an API key")
                .error(Errors.INVALID_TOKEN);
        throw new CorsErrorResponseException(context.getCors(), OAuthErrorException.INVALID_REQUEST, REFUSED,
                Response.Status.BAD_REQUEST);
    }

    /** Read without checking the signature: a forged claim only makes us refuse, which is safe. */
    static boolean isKeyToken(String token) {
        if (token == null || token.isBlank()) {
            return false;
        }
        try {
            AccessToken claims = new JWSInput(token).readJsonContent(AccessToken.class);
            return LatchkeyRoles.KEY_TOKEN_CLIENT_ID.equals(claims.getIssuedFor())
                    || claims.getOtherClaims().containsKey(Caller.KEY_ID_CLAIM);
        } catch (JWSInputException | RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        // Stateless.
    }
}
