package io.latchkey.discogs.broker;

import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.AbstractIdentityProvider;
import org.keycloak.broker.provider.AuthenticationRequest;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.social.SocialIdentityProvider;
import org.keycloak.events.EventBuilder;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.ErrorResponse;
import org.keycloak.sessions.AuthenticationSessionModel;
import org.keycloak.util.JsonSerialization;

import io.latchkey.discogs.oauth.DiscogsClient;
import io.latchkey.discogs.oauth.DiscogsException;
import io.latchkey.discogs.oauth.DiscogsIdentity;
import io.latchkey.discogs.oauth.TokenPair;
import io.latchkey.discogs.oauth.UpstreamMessages;
import io.latchkey.discogs.tokens.DiscogsTokenStore;

/**
 * "Sign in with Discogs" and account linking: OAuth 1.0a through Keycloak's broker. The request token's secret waits in
 * the authentication session as a plain string; the access token rides in the brokered context (as JSON, in the
 * authentication session's memory, never the database) only until Keycloak has settled which user signed in, and then
 * goes to the credential vault, encrypted. Keycloak's FEDERATED_IDENTITY row holds the
 * Discogs user id and username, never a token.
 */
public final class DiscogsIdentityProvider extends AbstractIdentityProvider<DiscogsIdentityProviderConfig>
        implements SocialIdentityProvider<DiscogsIdentityProviderConfig> {

    private static final Logger LOG = Logger.getLogger(DiscogsIdentityProvider.class);

    static final String NOTE_REQUEST_TOKEN = "latchkey.discogs.request_token";
    static final String NOTE_REQUEST_SECRET = "latchkey.discogs.request_token_secret";
    /**
     * Context data, not an auth note: Keycloak carries the brokered context (as JSON) through the first-login flow,
     * whose steps may clear auth notes.
     */
    static final String CONTEXT_ACCESS_TOKEN = "latchkey.discogs.access_token";

    public DiscogsIdentityProvider(KeycloakSession session, DiscogsIdentityProviderConfig config) {
        super(session, config);
    }

    @Override
    public Response performLogin(AuthenticationRequest request) {
        AuthenticationSessionModel authSession = request.getAuthenticationSession();
        RealmModel realm = request.getRealm();
        if (!getConfig().hasConsumerCredentials(session)) {
            LOG.warnf("Discogs provider '%s' of realm '%s' has no consumer key or secret", getConfig().getAlias(),
                    realm.getName());
            return errorPage(authSession, Response.Status.SERVICE_UNAVAILABLE,
                    "Sign-in with Discogs is not configured yet. Please contact the administrator.");
        }
        if (!new DiscogsTokenStore(session).isAvailable(realm)) {
            LOG.warnf("Discogs sign-in refused in realm '%s': the credential vault has no key to store tokens",
                    realm.getName());
            return errorPage(authSession, Response.Status.SERVICE_UNAVAILABLE,
                    "Discogs tokens cannot be stored safely right now. Please contact the administrator.");
        }
        String callback = request.getRedirectUri() + "?state="
                + URLEncoder.encode(request.getState().getEncoded(), StandardCharsets.UTF_8);
        DiscogsClient client = new DiscogsClient(getConfig().endpoints(session));
        TokenPair requestToken;
        try {
            requestToken = client.requestToken(callback);
        } catch (DiscogsException e) {
            LOG.warnf("Discogs sign-in could not start in realm '%s': %s", realm.getName(), e.getMessage());
            return errorPage(authSession, Response.Status.BAD_GATEWAY, UpstreamMessages.of(e));
        }
        authSession.setAuthNote(NOTE_REQUEST_TOKEN, requestToken.token());
        authSession.setAuthNote(NOTE_REQUEST_SECRET, requestToken.secret());
        return Response.seeOther(URI.create(client.authorizationUrl(requestToken))).build();
    }

    @Override
    public Object callback(RealmModel realm, AuthenticationCallback callback, EventBuilder event) {
        return new DiscogsCallbackEndpoint(session, this, callback);
    }

    /**
     * Called once Keycloak knows the user: after a login of a linked user, after first-login registration and after
     * account linking. The access token leaves the authentication session here for the vault.
     */
    @Override
    public void authenticationFinished(AuthenticationSessionModel authSession, BrokeredIdentityContext context) {
        Object pending = context.getContextData().remove(CONTEXT_ACCESS_TOKEN);
        if (!(pending instanceof String json)) {
            return;
        }
        RealmModel realm = authSession.getRealm();
        UserModel user = authSession.getAuthenticatedUser();
        if (user == null) {
            user = session.users().getUserByFederatedIdentity(realm,
                    new FederatedIdentityModel(getConfig().getAlias(), context.getId(), context.getUsername()));
        }
        if (user == null) {
            LOG.warnf("Discogs sign-in finished in realm '%s' without a user; the token was not stored", realm.getName());
            return;
        }
        PendingToken token = PendingToken.parse(json);
        new DiscogsTokenStore(session).store(realm, user, getConfig().getAlias(), token.identity(), token.accessToken());
    }

    /**
     * Keycloak's {@code GET /realms/{realm}/broker/{alias}/token} (the user's own token, for clients holding the broker
     * client's {@code read-token} role): answered from the vault, since Keycloak's own token column stays empty.
     */
    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity) {
        RealmModel realm = session.getContext().getRealm();
        return retrieveToken(session, identity, null, session.users().getUserByFederatedIdentity(realm, identity));
    }

    @Override
    public Response retrieveToken(KeycloakSession session, FederatedIdentityModel identity,
            UserSessionModel userSession, UserModel user) {
        RealmModel realm = session.getContext().getRealm();
        DiscogsTokenStore.StoredTokens stored = user == null ? null
                : new DiscogsTokenStore(session).reveal(realm, user, getConfig().getAlias()).orElse(null);
        if (stored == null) {
            return ErrorResponse.error("No Discogs token is stored for this user", Response.Status.NOT_FOUND)
                    .getResponse();
        }
        Map<String, String> body = new LinkedHashMap<>();
        body.put("oauth_token", stored.accessToken().token());
        body.put("oauth_token_secret", stored.accessToken().secret());
        body.put("discogs_user_id", stored.connection().discogsUserId());
        body.put("discogs_username", stored.connection().discogsUsername());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    private Response errorPage(AuthenticationSessionModel authSession, Response.Status status, String message) {
        return ErrorPage.error(session, authSession, status, message);
    }

    /** The access token between the callback and {@link #authenticationFinished}: JSON, never Java serialization. */
    static record PendingToken(DiscogsIdentity identity, TokenPair accessToken) {

        String toJson() {
            try {
                return JsonSerialization.writeValueAsString(new String[] {identity.id(), identity.username(),
                        accessToken.token(), accessToken.secret()});
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        static PendingToken parse(String json) {
            try {
                String[] parts = JsonSerialization.readValue(json, String[].class);
                return new PendingToken(new DiscogsIdentity(parts[0], parts[1]), new TokenPair(parts[2], parts[3]));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        public String toString() {
            return "PendingToken[" + identity + ", accessToken=***]";
        }
    }
}
