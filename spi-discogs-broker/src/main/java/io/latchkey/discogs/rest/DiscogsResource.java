package io.latchkey.discogs.rest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import com.fasterxml.jackson.databind.node.ObjectNode;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.headers.Header;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.jboss.logging.Logger;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.events.EventBuilder;
import org.keycloak.events.EventType;
import org.keycloak.models.FederatedIdentityModel;
import org.keycloak.models.IdentityProviderModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.rest.ApiDoc;
import io.latchkey.common.rest.ApiErrors;
import io.latchkey.common.rest.BearerAuth;
import io.latchkey.common.rest.FieldErrors;
import io.latchkey.common.rest.JsonBody;
import io.latchkey.discogs.broker.DiscogsIdentityProviderConfig;
import io.latchkey.discogs.broker.DiscogsIdentityProviderFactory;
import io.latchkey.discogs.oauth.DiscogsClient;
import io.latchkey.discogs.oauth.DiscogsException;
import io.latchkey.discogs.oauth.DiscogsIdentity;
import io.latchkey.discogs.oauth.TokenPair;
import io.latchkey.discogs.oauth.UpstreamMessages;
import io.latchkey.discogs.oob.OobState;
import io.latchkey.discogs.oob.OobStateStore;
import io.latchkey.discogs.tokens.DiscogsConnection;
import io.latchkey.discogs.tokens.DiscogsTokenStore;
import io.latchkey.vault.spi.UndecryptableCredentialException;

/**
 * {@code /realms/{realm}/discogs}: the out-of-band (PIN) Discogs connection for apps that cannot receive a browser
 * redirect, with the legacy Discogs service's four endpoints (authorize, verify, status, revoke) under the caller's
 * bearer token, and the backend read of a user's token.
 * {@code ?provider=} names the identity provider's alias when a realm has several; it defaults to {@code discogs}.
 */
@Tag(name = "Discogs", description = "Connect a Discogs account with the out-of-band (PIN) OAuth 1.0a flow")
@APIResponse(responseCode = "401", description = "No credential, or one that is not valid.",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
@APIResponse(responseCode = "404", description = "The realm has no enabled Discogs identity provider by that alias"
        + " (or, for the backend read, no such user or no stored token).",
        content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
public final class DiscogsResource {

    /** The realm role a confidential client's service account needs to read users' Discogs tokens. */
    public static final String TOKEN_READER_ROLE = "discogs-token-reader";
    static final String DEFAULT_PROVIDER = "discogs";
    static final int MAX_FIELD_LENGTH = 256;
    static final String PROVIDER_PARAMETER = "Alias of the Discogs identity provider, when the realm has several;"
            + " discogs by default.";

    private static final Logger LOG = Logger.getLogger(DiscogsResource.class);
    private static final List<String> VERIFY_FIELDS = List.of("state", "verifier", "oauth_verifier");

    private final KeycloakSession session;
    private final RealmModel realm;

    public DiscogsResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Path("authorize")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Start connecting Discogs: a URL for the user to approve and a state for verify",
            description = "Needs latchkey:discogs:connect in a user's access token (not an API key: a linked Discogs"
                    + " account can sign in as the user). Obtains a request token with oauth_callback=oob; the user"
                    + " opens authorize_url, approves, and is shown a PIN to give to verify with the state. The state"
                    + " is bound to the caller and expires after expires_in seconds.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @APIResponse(responseCode = "200", description = "The URL to send the user to, and the state for verify.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = Authorization.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:discogs:connect, or is"
            + " an API key or a token made from one.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "429", description = "Discogs limited this server's requests; try again later.",
            headers = @Header(name = "Retry-After", description = "Seconds Discogs asked to wait.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "502", description = "Discogs failed or answered something unexpected, or rejected"
            + " this server's consumer key.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = "The provider has no consumer key and secret yet, or the"
            + " credential vault has no encryption key for this realm.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "504", description = "Discogs did not answer in time.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response authorize(@Parameter(description = PROVIDER_PARAMETER) @QueryParam("provider") String alias) {
        Caller auth = BearerAuth.require(session);
        new DiscogsPermissionEvaluator(auth).requireLink();
        DiscogsIdentityProviderConfig config = provider(alias);
        requireTokenStore();
        DiscogsClient client = new DiscogsClient(config.endpoints(session));
        TokenPair requestToken;
        try {
            requestToken = client.requestToken("oob");
        } catch (DiscogsException e) {
            throw upstream("authorize", e, e.kind() == DiscogsException.Kind.REJECTED
                    ? "Discogs rejected this server's consumer key or secret. Ask an administrator to check the"
                            + " Discogs identity provider settings."
                    : null, "");
        }
        int lifespan = config.getOobStateLifespanSeconds();
        String state = new OobStateStore(session, realm).create(auth.user(), config.getAlias(), requestToken,
                lifespan);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("authorize_url", client.authorizationUrl(requestToken));
        body.put("state", state);
        body.put("expires_in", lifespan);
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @POST
    @Path("verify")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Finish connecting Discogs with the PIN the user was shown",
            description = "Needs latchkey:discogs:connect in the user's access token that started the flow (not an"
                    + " API key). Stores the Discogs access token in the credential vault and links the Discogs"
                    + " identity to the user. A PIN Discogs rejects may be tried again a few times with the same"
                    + " state; after that, or once Discogs accepted it, the flow starts again at authorize.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @RequestBody(required = true, content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = VerifyRequest.class)))
    @APIResponse(responseCode = "200", description = "Connected.", content = @Content(mediaType = ApiDoc.JSON,
            schema = @Schema(implementation = Connected.class)))
    @APIResponse(responseCode = "400", description = "Not one JSON object, fields that are not valid, a state that"
            + " is unknown, expired, used or another user's, or a PIN Discogs rejected.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.BAD_REQUEST)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:discogs:connect, or is"
            + " an API key or a token made from one.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "This Discogs account is already connected to another user.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "413", description = "The body is larger than 1 MiB.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "The body is not application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "429", description = "Discogs limited this server's requests; try again later.",
            headers = @Header(name = "Retry-After", description = "Seconds Discogs asked to wait.",
                    schema = @Schema(type = SchemaType.INTEGER, minimum = "0")),
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "502", description = "Discogs failed or answered something unexpected.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = "The provider has no consumer key and secret yet, or the"
            + " credential vault has no encryption key for this realm.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "504", description = "Discogs did not answer in time.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response verify(@Parameter(description = PROVIDER_PARAMETER) @QueryParam("provider") String alias,
            String body) {
        Caller auth = BearerAuth.require(session);
        new DiscogsPermissionEvaluator(auth).requireLink();
        UserModel user = auth.user();
        ObjectNode json = JsonBody.object(session, body);
        FieldErrors errors = new FieldErrors();
        errors.rejectUnknown(json, VERIFY_FIELDS);
        String state = errors.string(json, "state", true, "This field is required.", MAX_FIELD_LENGTH);
        String verifier = verifier(json, errors);
        errors.throwIfAny();
        DiscogsIdentityProviderConfig config = provider(alias);
        requireTokenStore();

        OobStateStore states = new OobStateStore(session, realm);
        OobState peeked = states.peek(state);
        String problem = problem(peeked, user, config);
        if (problem != null) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, problem);
        }
        OobState taken = states.take(state);
        if (taken == null || taken.used()) {
            throw ApiErrors.error(Response.Status.BAD_REQUEST, ALREADY_USED);
        }

        DiscogsClient client = new DiscogsClient(config.endpoints(session));
        TokenPair accessToken;
        try {
            accessToken = client.accessToken(taken.requestToken(), verifier);
        } catch (DiscogsException e) {
            // Discogs did not exchange the request token: the same PIN may be tried again, a few times.
            boolean retryable = e.isTransient() || e.kind() == DiscogsException.Kind.REJECTED;
            if (retryable && taken.attempts() + 1 < OobStateStore.MAX_ATTEMPTS) {
                states.giveBack(state, taken);
            } else {
                states.markUsed(state, taken);
            }
            throw upstream("verify", e, e.kind() == DiscogsException.Kind.REJECTED
                    ? "Invalid verifier code or OAuth flow failed." : null, "");
        }
        // Discogs has spent the request token now; whatever happens next, the flow must start again.
        states.markUsed(state, taken);
        DiscogsIdentity identity;
        try {
            identity = client.identity(accessToken);
        } catch (DiscogsException e) {
            throw upstream("identity", e, "Discogs did not say who you are. Please restart the OAuth flow.",
                    " Please restart the OAuth flow.");
        }

        link(user, config.getAlias(), identity);
        new DiscogsTokenStore(session).store(realm, user, config.getAlias(), identity, accessToken);
        event(EventType.FEDERATED_IDENTITY_LINK, auth, config.getAlias())
                .detail(Details.IDENTITY_PROVIDER_USERNAME, identity.username())
                .success();

        Map<String, Object> response = new LinkedHashMap<>();
        response.put("connected", true);
        response.put("discogs_username", identity.username());
        response.put("discogs_user_id", identity.id());
        return Response.ok(response, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("status")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Whether the caller has a Discogs account connected, which one and since when",
            description = "Needs latchkey:discogs:connect (an API key may carry it).")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "{\"connected\": false}, or the connected account.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = Status.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:discogs:connect.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response status(@Parameter(description = PROVIDER_PARAMETER) @QueryParam("provider") String alias) {
        Caller auth = BearerAuth.require(session);
        new DiscogsPermissionEvaluator(auth).requireConnection();
        IdentityProviderModel config = providerModel(alias);
        DiscogsConnection connection = new DiscogsTokenStore(session)
                .find(realm, auth.user(), config.getAlias()).orElse(null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("connected", connection != null);
        if (connection != null) {
            body.put("discogs_username", connection.discogsUsername());
            body.put("discogs_user_id", connection.discogsUserId());
            body.put("connected_at", connection.connectedAt().toString());
        }
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    @DELETE
    @Path("revoke")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Disconnect Discogs: forget the stored token and unlink the Discogs identity",
            description = "Needs latchkey:discogs:connect (an API key may carry it). Answers the same when nothing"
                    + " was connected.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @SecurityRequirement(name = ApiDoc.API_KEY)
    @APIResponse(responseCode = "200", description = "Nothing of Discogs is left for the caller.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(implementation = Revoked.class)))
    @APIResponse(responseCode = "403", description = "The credential does not carry latchkey:discogs:connect.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "415", description = "A body was sent, and not as application/json.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response revoke(@Parameter(description = PROVIDER_PARAMETER) @QueryParam("provider") String alias) {
        Caller auth = BearerAuth.require(session);
        new DiscogsPermissionEvaluator(auth).requireConnection();
        IdentityProviderModel config = providerModel(alias);
        UserModel user = auth.user();
        boolean removedToken = new DiscogsTokenStore(session).delete(realm, user, config.getAlias());
        boolean unlinked = session.users().removeFederatedIdentity(realm, user, config.getAlias());
        if (removedToken || unlinked) {
            event(EventType.REMOVE_FEDERATED_IDENTITY, auth, config.getAlias()).success();
        }
        return Response.ok(Map.of("revoked", true), MediaType.APPLICATION_JSON_TYPE).build();
    }

    @GET
    @Path("users/{user_id}/token")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A user's decrypted Discogs token and secret, for backend services",
            description = "Needs an access token of a confidential client's service account holding the realm role '"
                    + TOKEN_READER_ROLE + "' (never an API key). Every read is recorded as an"
                    + " IDENTITY_PROVIDER_RETRIEVE_TOKEN event.")
    @SecurityRequirement(name = ApiDoc.BEARER)
    @APIResponse(responseCode = "200", description = "The user's Discogs token.", content = @Content(
            mediaType = ApiDoc.JSON, schema = @Schema(implementation = StoredToken.class)))
    @APIResponse(responseCode = "403", description = "The caller is not the service account of a confidential"
            + " client holding " + TOKEN_READER_ROLE + ".",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "409", description = "The stored token cannot be decrypted; the user must connect"
            + " Discogs again.", content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    @APIResponse(responseCode = "503", description = "The credential vault has no encryption key for this realm.",
            content = @Content(mediaType = ApiDoc.JSON, schema = @Schema(ref = ApiDoc.ERROR)))
    public Response readForBackend(
            @Parameter(description = "Keycloak id of the user whose token is read.")
            @PathParam("user_id") String userId,
            @Parameter(description = PROVIDER_PARAMETER) @QueryParam("provider") String alias) {
        Caller auth = BearerAuth.require(session);
        new DiscogsPermissionEvaluator(auth).requireBackendRead(realm, TOKEN_READER_ROLE);
        IdentityProviderModel config = providerModel(alias);
        requireTokenStore();

        UserModel user = session.users().getUserById(realm, userId);
        EventBuilder event = event(EventType.IDENTITY_PROVIDER_RETRIEVE_TOKEN, auth, config.getAlias())
                .detail("reader", auth.user().getUsername());
        if (user == null) {
            event.user(userId).error(Errors.USER_NOT_FOUND);
            throw ApiErrors.error(Response.Status.NOT_FOUND, "Not found");
        }
        event.user(user);
        DiscogsTokenStore.StoredTokens stored;
        try {
            stored = new DiscogsTokenStore(session).reveal(realm, user, config.getAlias()).orElse(null);
        } catch (UndecryptableCredentialException e) {
            event.error("credential_undecryptable");
            throw ApiErrors.error(Response.Status.CONFLICT, "The stored Discogs token cannot be decrypted; the user"
                    + " must connect Discogs again.");
        }
        if (stored == null) {
            event.error("credential_not_found");
            throw ApiErrors.error(Response.Status.NOT_FOUND, "Not found");
        }
        event.success();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("user_id", user.getId());
        body.put("discogs_user_id", stored.connection().discogsUserId());
        body.put("discogs_username", stored.connection().discogsUsername());
        body.put("oauth_token", stored.accessToken().token());
        body.put("oauth_token_secret", stored.accessToken().secret());
        body.put("updated_at", stored.connection().connectedAt().toString());
        return Response.ok(body, MediaType.APPLICATION_JSON_TYPE).build();
    }

    static final String STATE_UNKNOWN = "OAuth state not found or expired. Please restart the OAuth flow.";
    static final String STATE_EXPIRED = "OAuth state expired. Please restart the OAuth flow.";
    static final String ALREADY_USED = "OAuth state was already used. Please restart the OAuth flow.";
    static final String FOREIGN_STATE = "OAuth state was issued to another user.";
    static final String OTHER_PROVIDER = "OAuth state was issued for another Discogs provider.";

    /** Why the state cannot be used by this caller, or null when it can. */
    private static String problem(OobState state, UserModel user, IdentityProviderModel config) {
        if (state == null) {
            return STATE_UNKNOWN;
        }
        if (!user.getId().equals(state.userId())) {
            return FOREIGN_STATE;
        }
        if (!config.getAlias().equals(state.alias())) {
            return OTHER_PROVIDER;
        }
        if (state.used()) {
            return ALREADY_USED;
        }
        return OobStateStore.isExpired(state) ? STATE_EXPIRED : null;
    }

    private static String verifier(ObjectNode json, FieldErrors errors) {
        boolean plain = json.has("verifier");
        boolean oauth = json.has("oauth_verifier");
        if (plain && oauth) {
            errors.add("verifier", "Give either verifier or oauth_verifier, not both.");
            return null;
        }
        String field = oauth ? "oauth_verifier" : "verifier";
        return errors.string(json, field, true, "This field is required.", MAX_FIELD_LENGTH);
    }

    /**
     * Links the Discogs identity to the caller. A Discogs account connected to another user is refused; a caller who
     * connects a different Discogs account than before is relinked.
     */
    private void link(UserModel user, String alias, DiscogsIdentity identity) {
        FederatedIdentityModel link = new FederatedIdentityModel(alias, identity.id(), identity.username());
        UserModel holder = session.users().getUserByFederatedIdentity(realm, link);
        if (holder != null && !holder.getId().equals(user.getId())) {
            throw ApiErrors.error(Response.Status.CONFLICT,
                    "This Discogs account is already connected to another user.");
        }
        FederatedIdentityModel existing = session.users().getFederatedIdentity(realm, user, alias);
        if (existing != null && !identity.id().equals(existing.getUserId())) {
            session.users().removeFederatedIdentity(realm, user, alias);
            existing = null;
        }
        if (existing == null) {
            session.users().addFederatedIdentity(realm, user, link);
        } else if (!identity.username().equals(existing.getUserName())) {
            session.users().updateFederatedIdentity(realm, user, link);
        }
    }

    private DiscogsIdentityProviderConfig provider(String alias) {
        DiscogsIdentityProviderConfig config = new DiscogsIdentityProviderConfig(providerModel(alias));
        if (!config.hasConsumerCredentials(session)) {
            throw ApiErrors.error(Response.Status.SERVICE_UNAVAILABLE, "Discogs app credentials not configured. Ask an"
                    + " administrator to set the consumer key and secret of the '" + config.getAlias()
                    + "' identity provider.");
        }
        return config;
    }

    /** The enabled Discogs identity provider named {@code alias}; 404 when the realm has none by that name. */
    private IdentityProviderModel providerModel(String alias) {
        String name = alias == null || alias.isBlank() ? DEFAULT_PROVIDER : alias;
        IdentityProviderModel model = name.length() > MAX_FIELD_LENGTH ? null
                : session.identityProviders().getByAlias(name);
        if (model == null || !DiscogsIdentityProviderFactory.ID.equals(model.getProviderId()) || !model.isEnabled()) {
            throw ApiErrors.error(Response.Status.NOT_FOUND, "This realm has no enabled Discogs identity provider '"
                    + (name.length() > 64 ? name.substring(0, 64) + "..." : name) + "'.");
        }
        return model;
    }

    private void requireTokenStore() {
        if (!new DiscogsTokenStore(session).isAvailable(realm)) {
            throw ApiErrors.error(Response.Status.SERVICE_UNAVAILABLE,
                    "Discogs tokens cannot be stored: the credential vault has no encryption key for this realm.");
        }
    }

    private EventBuilder event(EventType type, Caller auth, String alias) {
        EventBuilder event = new EventBuilder(realm, session, session.getContext().getConnection())
                .event(type)
                .user(auth.user())
                .detail(Details.IDENTITY_PROVIDER, alias);
        if (auth.client() != null) {
            event.client(auth.client());
        }
        return event;
    }

    /** A Discogs failure as the caller's answer: 429 with Retry-After, 504 on timeout, 502 otherwise. */
    private WebApplicationException upstream(String step, DiscogsException e, String rejectedMessage,
            String advice) {
        LOG.warnf("Discogs %s failed in realm '%s': %s", step, realm.getName(), e.getMessage());
        if (e.kind() == DiscogsException.Kind.REJECTED && rejectedMessage != null) {
            Response.Status status = "verify".equals(step) ? Response.Status.BAD_REQUEST : Response.Status.BAD_GATEWAY;
            return ApiErrors.error(status, rejectedMessage);
        }
        Response.ResponseBuilder response = Response
                .status(switch (e.kind()) {
                    case RATE_LIMITED -> Response.Status.TOO_MANY_REQUESTS;
                    case TIMEOUT -> Response.Status.GATEWAY_TIMEOUT;
                    default -> Response.Status.BAD_GATEWAY;
                })
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(Map.of("detail", UpstreamMessages.of(e) + advice));
        if (e.kind() == DiscogsException.Kind.RATE_LIMITED) {
            response.header("Retry-After", Long.toString(e.retryAfterSeconds()));
        }
        return new WebApplicationException(response.build());
    }

    /** The verify body, for the OpenAPI document; {@link #verify} reads it field by field. */
    @Schema(name = "DiscogsVerifyRequest", additionalProperties = Schema.False.class, requiredProperties = "state",
            description = "The state from authorize and the PIN, as verifier or (as apps of the legacy Discogs"
                    + " service send it) oauth_verifier: exactly one of the two.")
    record VerifyRequest(
            @Schema(maxLength = MAX_FIELD_LENGTH) String state,
            @Schema(maxLength = MAX_FIELD_LENGTH) String verifier,
            @Schema(maxLength = MAX_FIELD_LENGTH) String oauth_verifier) {
    }

    @Schema(name = "DiscogsAuthorization", requiredProperties = {"authorize_url", "state", "expires_in"})
    record Authorization(
            @Schema(format = "uri", description = "Discogs' approval page for the request token.") String authorize_url,
            @Schema(description = "Give it back to verify.") String state,
            @Schema(description = "Seconds the state stays valid.") int expires_in) {
    }

    @Schema(name = "DiscogsConnected", requiredProperties = {"connected", "discogs_username", "discogs_user_id"})
    record Connected(
            @Schema(enumeration = "true") boolean connected,
            String discogs_username,
            String discogs_user_id) {
    }

    @Schema(name = "DiscogsStatus", requiredProperties = "connected",
            description = "The other members are present only when connected is true.")
    record Status(
            boolean connected,
            @Schema(nullable = true) String discogs_username,
            String discogs_user_id,
            @Schema(format = "date-time") String connected_at) {
    }

    @Schema(name = "DiscogsRevoked", requiredProperties = "revoked")
    record Revoked(@Schema(enumeration = "true") boolean revoked) {
    }

    @Schema(name = "DiscogsStoredToken", requiredProperties = {"user_id", "discogs_user_id", "discogs_username",
            "oauth_token", "oauth_token_secret", "updated_at"})
    record StoredToken(
            String user_id,
            String discogs_user_id,
            @Schema(nullable = true) String discogs_username,
            @Schema(description = "The OAuth 1.0a access token.") String oauth_token,
            @Schema(description = "Its secret; sign Discogs requests with both.") String oauth_token_secret,
            @Schema(format = "date-time", description = "When the user connected Discogs.") String updated_at) {
    }
}
