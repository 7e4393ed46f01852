package io.latchkey.discogs.broker;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.jboss.logging.Logger;
import org.keycloak.broker.provider.BrokeredIdentityContext;
import org.keycloak.broker.provider.UserAuthenticationIdentityProvider.AuthenticationCallback;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.ErrorPage;
import org.keycloak.services.messages.Messages;
import org.keycloak.sessions.AuthenticationSessionModel;

import io.latchkey.discogs.oauth.DiscogsClient;
import io.latchkey.discogs.oauth.DiscogsException;
import io.latchkey.discogs.oauth.DiscogsIdentity;
import io.latchkey.discogs.oauth.TokenPair;
import io.latchkey.discogs.oauth.UpstreamMessages;

/**
 * {@code /realms/{realm}/broker/{alias}/endpoint}: where Discogs sends the browser back with {@code oauth_token} and
 * {@code oauth_verifier}, or {@code denied}. A top-level class because RESTEasy Reactive takes no inner resources.
 */
public final class DiscogsCallbackEndpoint {

    private static final Logger LOG = Logger.getLogger(DiscogsCallbackEndpoint.class);

    private final KeycloakSession session;
    private final DiscogsIdentityProvider provider;
    private final AuthenticationCallback callback;

    DiscogsCallbackEndpoint(KeycloakSession session, DiscogsIdentityProvider provider, AuthenticationCallback callback) {
        this.session = session;
        this.provider = provider;
        this.callback = callback;
    }

    @GET
    public Response authResponse(@QueryParam("state") String state,
            @QueryParam("oauth_token") String oauthToken,
            @QueryParam("oauth_verifier") String verifier,
            @QueryParam("denied") String denied) {
        if (state == null || state.isBlank()) {
            return ErrorPage.error(session, null, Response.Status.BAD_REQUEST,
                    Messages.IDENTITY_PROVIDER_MISSING_STATE_ERROR);
        }
        AuthenticationSessionModel authSession = callback.getAndVerifyAuthenticationSession(state);
        session.getContext().setAuthenticationSession(authSession);

        // Single use, whatever happens next: a replayed callback finds nothing to exchange.
        String requestToken = authSession.getAuthNote(DiscogsIdentityProvider.NOTE_REQUEST_TOKEN);
        String requestSecret = authSession.getAuthNote(DiscogsIdentityProvider.NOTE_REQUEST_SECRET);
        authSession.removeAuthNote(DiscogsIdentityProvider.NOTE_REQUEST_TOKEN);
        authSession.removeAuthNote(DiscogsIdentityProvider.NOTE_REQUEST_SECRET);

        if (denied != null) {
            return callback.cancelled(provider.getConfig());
        }
        if (requestToken == null || requestSecret == null) {
            return callback.error(provider.getConfig(), "This Discogs sign-in was already completed or has expired."
                    + " Please start again.");
        }
        if (verifier == null || verifier.isBlank() || oauthToken == null || !MessageDigest.isEqual(
                oauthToken.getBytes(StandardCharsets.UTF_8), requestToken.getBytes(StandardCharsets.UTF_8))) {
            return callback.error(provider.getConfig(), "Discogs did not confirm the sign-in. Please start again.");
        }

        DiscogsClient client = new DiscogsClient(provider.getConfig().endpoints(session));
        TokenPair accessToken;
        DiscogsIdentity identity;
        try {
            accessToken = client.accessToken(new TokenPair(requestToken, requestSecret), verifier);
            identity = client.identity(accessToken);
        } catch (DiscogsException e) {
            LOG.warnf("Discogs sign-in failed in realm '%s': %s", authSession.getRealm().getName(), e.getMessage());
            return callback.error(provider.getConfig(), e.kind() == DiscogsException.Kind.REJECTED
                    ? "Discogs did not accept the sign-in. Please start again." : UpstreamMessages.of(e));
        }

        BrokeredIdentityContext context = new BrokeredIdentityContext(identity.id(), provider.getConfig());
        context.setIdp(provider);
        context.setUsername(identity.username());
        context.setBrokerUserId(identity.id());
        context.setAuthenticationSession(authSession);
        context.getContextData().put(DiscogsIdentityProvider.CONTEXT_ACCESS_TOKEN,
                new DiscogsIdentityProvider.PendingToken(identity, accessToken).toJson());
        return callback.authenticated(context);
    }
}
