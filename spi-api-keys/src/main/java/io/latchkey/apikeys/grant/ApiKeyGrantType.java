package io.latchkey.apikeys.grant;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import io.latchkey.apikeys.auth.ApiKeyUse;
import io.latchkey.apikeys.auth.VerifyHooks;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerifyRejection;

/**
 * Exchanges an API key for a short-lived access token at the realm's token endpoint:
 * {@code grant_type=urn:latchkey:params:oauth:grant-type:api-key&api_key=...&client_id=...}. The token's subject is
 * the key's owner, its roles exactly the key's, its {@code api_key_id} claim names the key, and it lives no longer
 * than the realm's access-token lifespan (nor the key). No refresh token: a revoked key mints nothing more, and the
 * user session behind the token is transient, as for Keycloak's client-credentials grant.
 */
final class ApiKeyGrantType extends OAuth2GrantTypeBase {

    static final String API_KEY_PARAM = "api_key";
    static final String INVALID = "Invalid API key";

    @Override
    public Response process(Context context) {
        setContext(context);
        String credential = formParams.getFirst(API_KEY_PARAM);
        if (credential == null || credential.isBlank()) {
            event.detail(Details.REASON, "missing api_key").error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_REQUEST,
                    "Missing form parameter: " + API_KEY_PARAM, Response.Status.BAD_REQUEST);
        }
        Optional<VerifyRejection> early = VerifyHooks.beforeLookup(session, realm, "exchange");
        if (early.isPresent()) {
            VerifyRejection rejection = early.get();
            event.detail(Details.REASON, rejection.code()).error(rejection.code().toLowerCase(Locale.ROOT));
            Response.ResponseBuilder response = Response.status(rejection.status())
                    .type(MediaType.APPLICATION_JSON_TYPE)
                    .entity(Map.of("error", rejection.status() == 429 ? "slow_down" : "access_denied",
                            "error_description", rejection.detail()));
            rejection.headers().forEach(response::header);
            throw new WebApplicationException(cors.add(response));
        }
        Verification verification = ApiKeyUse.verify(session, realm, credential, "exchange", event, false);
        if (!verification.valid()) {
            // invalid_grant for every reason: which one is in the event, not in the response.
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, INVALID,
                    Response.Status.BAD_REQUEST);
        }
        UserModel owner = verification.owner();
        event.user(owner).detail(Details.USERNAME, owner.getUsername());

        String scope = getRequestedScopes();
        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = rootAuthSession.createAuthenticationSession(client);
        authSession.setAuthenticatedUser(owner);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));
        authSession.setClientNote(OIDCLoginProtocol.SCOPE_PARAM, scope);

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(rootAuthSession.getId(),
                realm, owner, owner.getUsername(), clientConnection.getRemoteHost(), ApiKeyUse.CREDENTIAL_TYPE,
                false, null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        event.session(userSession);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession,
                authSession);

        TokenManager.AccessTokenResponseBuilder responseBuilder = createTokenResponseBuilder(owner, userSession,
                clientSessionCtx, scope, null);
        ApiKeyUse.limitToKey(responseBuilder.getAccessToken(), verification);
        event.detail(ApiKeyUse.KEY_ID_CLAIM, verification.key().id());
        return createTokenResponse(responseBuilder, clientSessionCtx, false);
    }

    @Override
    protected boolean useRefreshToken() {
        return false;
    }

    @Override
    public EventType getEventType() {
        return EventType.CLIENT_LOGIN;
    }

    @Override
    public Set<String> getTokenParameterNames() {
        return Set.of(API_KEY_PARAM);
    }
}
