package io.latchkey.apikeys.grant;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.OAuthErrorException;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventType;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.protocol.oidc.TokenManager;
import org.keycloak.protocol.oidc.grants.OAuth2GrantTypeBase;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.CorsErrorResponseException;
import org.keycloak.services.Urls;
import org.keycloak.services.managers.AuthenticationManager;
import org.keycloak.services.managers.AuthenticationSessionManager;
import org.keycloak.services.managers.UserSessionManager;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.sessions.RootAuthenticationSessionModel;

import io.latchkey.apikeys.auth.ApiKeyUse;
import io.latchkey.apikeys.auth.VerifyHooks;
import io.latchkey.apikeys.spi.ApiKeyProvider;
import io.latchkey.apikeys.spi.ApiKeySettings;
import io.latchkey.apikeys.spi.PepperUnavailableException;
import io.latchkey.apikeys.spi.Verification;
import io.latchkey.apikeys.spi.VerifyRejection;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.realm.LatchkeyRealmSetup;

/**
 * Exchanges an API key for a short-lived access token at the realm's token endpoint:
 * {@code grant_type=urn:latchkey:params:oauth:grant-type:api-key&api_key=...&client_id=...}.
 *
 * <p>The token is issued to the realm's {@code latchkey-api-keys} client ({@code azp}), not to the requesting client,
 * because Keycloak's admin API authorizes with the user's role mappings and the token client's role scope, not with
 * the token's claims: that client's scope is empty, so such a token gets 403 from the admin API whatever its owner
 * holds. Its claims hold exactly the key's roles; its audience names the requesting client ({@code client_id}
 * claim too), the realm's configured key-token audience and the clients whose roles the key carries, so each of them
 * can validate it and introspect it. It lives no longer than the realm's access-token lifespan nor the key.
 *
 * <p>No refresh token and no ID token, whatever {@code scope} asks: presenting a key is not a user signing in. The
 * {@code scope} parameter is ignored. The user session behind the token is transient, as for client credentials.
 */
final class ApiKeyGrantType extends OAuth2GrantTypeBase {

    private static final Logger LOG = Logger.getLogger(ApiKeyGrantType.class);

    static final String API_KEY_PARAM = "api_key";
    static final String INVALID = "Invalid API key";
    /** RFC 9068's claim for the client that asked for the token. */
    static final String CLIENT_ID_CLAIM = "client_id";

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
        Verification verification;
        try {
            verification = ApiKeyUse.verify(session, realm, credential, "exchange", event, false);
        } catch (PepperUnavailableException e) {
            // Temporary (a vault secret that cannot be read now, or none configured): never "invalid key", never 500.
            event.detail(Details.REASON, "pepper unavailable").error(Errors.INVALID_REQUEST);
            throw new CorsErrorResponseException(cors, "temporarily_unavailable", e.getMessage(),
                    Response.Status.SERVICE_UNAVAILABLE);
        }
        if (!verification.valid()) {
            // invalid_grant for every reason: which one is in the event, not in the response.
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, INVALID,
                    Response.Status.BAD_REQUEST);
        }
        // The key passed; what may still stop the exchange below is the realm's setup, not the key.
        ApiKeyUse.count(session, verification, ApiKeyProvider.VALID, 0);
        // Keycloak's own user model (verify may serve a stand-in for the owner): the user session is made for it.
        UserModel owner = session.users().getUserById(realm, verification.owner().getId());
        if (owner == null) {
            throw new CorsErrorResponseException(cors, OAuthErrorException.INVALID_GRANT, INVALID,
                    Response.Status.BAD_REQUEST);
        }
        event.user(owner).detail(Details.USERNAME, owner.getUsername());

        ClientModel requester = client;
        ClientModel tokenClient = tokenClient();
        if (requester.getId().equals(tokenClient.getId())) {
            throw new CorsErrorResponseException(cors, OAuthErrorException.UNAUTHORIZED_CLIENT,
                    "This client cannot exchange API keys", Response.Status.BAD_REQUEST);
        }
        if (!LatchkeyRealmSetup.confined(tokenClient)) {
            // An admin gave the key-token client a role scope since the last start: its tokens would reach Keycloak's
            // admin API. Issue nothing until that is undone (or the server restarts, which undoes it).
            LOG.errorf("Realm %s: the client %s has a role scope; API-key exchange is refused until it is removed",
                    realm.getName(), LatchkeyRoles.KEY_TOKEN_CLIENT_ID);
            event.detail(Details.REASON, "key-token client has a role scope").error(Errors.NOT_ALLOWED);
            throw new CorsErrorResponseException(cors, OAuthErrorException.TEMPORARILY_UNAVAILABLE,
                    "API-key exchange is unavailable: the realm's " + LatchkeyRoles.KEY_TOKEN_CLIENT_ID
                            + " client must have no role scope", Response.Status.SERVICE_UNAVAILABLE);
        }
        // From here on the token is built for the token client: its mappers, its (empty) role scope.
        client = tokenClient;
        RootAuthenticationSessionModel rootAuthSession = new AuthenticationSessionManager(session)
                .createAuthenticationSession(realm, false);
        AuthenticationSessionModel authSession = rootAuthSession.createAuthenticationSession(tokenClient);
        authSession.setAuthenticatedUser(owner);
        authSession.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        authSession.setClientNote(OIDCLoginProtocol.ISSUER,
                Urls.realmIssuer(session.getContext().getUri().getBaseUri(), realm.getName()));

        UserSessionModel userSession = new UserSessionManager(session).createUserSession(rootAuthSession.getId(),
                realm, owner, owner.getUsername(), clientConnection.getRemoteHost(), ApiKeyUse.CREDENTIAL_TYPE,
                false, null, null, UserSessionModel.SessionPersistenceState.TRANSIENT);
        event.session(userSession);
        AuthenticationManager.setClientScopesInSession(session, authSession);
        ClientSessionContext clientSessionCtx = TokenManager.attachAuthenticationSession(session, userSession,
                authSession);

        TokenManager.AccessTokenResponseBuilder responseBuilder = createTokenResponseBuilder(owner, userSession,
                clientSessionCtx, null, null);
        AccessToken token = responseBuilder.getAccessToken();
        ApiKeyUse.limitToKey(token, verification);
        token.getOtherClaims().put(CLIENT_ID_CLAIM, requester.getClientId());
        Set<String> audience = new LinkedHashSet<>();
        audience.add(requester.getClientId());
        audience.addAll(ApiKeySettings.tokenAudience(realm));
        if (token.getAudience() != null) {
            audience.addAll(List.of(token.getAudience()));
        }
        audience.remove(tokenClient.getClientId());
        token.audience(audience.toArray(String[]::new));
        event.detail(ApiKeyUse.KEY_ID_CLAIM, verification.key().id())
                .detail(Details.AUDIENCE, String.join(" ", audience));
        return createTokenResponse(responseBuilder, clientSessionCtx, false);
    }

    /** The realm's key-token client, made on the spot for a realm that predates the bundle's start-up setup. */
    private ClientModel tokenClient() {
        ClientModel tokenClient = realm.getClientByClientId(LatchkeyRoles.KEY_TOKEN_CLIENT_ID);
        if (tokenClient == null) {
            LatchkeyRealmSetup.ensure(realm);
            tokenClient = realm.getClientByClientId(LatchkeyRoles.KEY_TOKEN_CLIENT_ID);
        }
        return tokenClient;
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
