package io.latchkey.common.auth;

import org.keycloak.models.ClientModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.managers.AuthenticationManager.AuthResult;

/**
 * Who is calling one of the bundle's realm endpoints, and with what: the principal kinds of the permission model.
 * Rights come from the credential alone ({@link #granted}): the roles in the presented token, which Keycloak has
 * already cut down to the client's scope, or the roles given to the presented key.
 */
public final class Caller {

    /** The kinds of credential, each with its own limits (see docs/security.md). */
    public enum Kind {
        /** A user's access token, issued to a client of the realm. */
        USER,
        /** The access token of a client's service account. */
        SERVICE_ACCOUNT,
        /** An API key presented as the bearer credential. */
        API_KEY,
        /** An access token obtained by exchanging an API key. */
        KEY_TOKEN
    }

    /** The claim that names the API key a credential came from. */
    public static final String KEY_ID_CLAIM = "api_key_id";

    private final AuthResult auth;
    private final Kind kind;

    public Caller(AuthResult auth, Kind kind) {
        this.auth = auth;
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }

    public UserModel user() {
        return auth.user();
    }

    public AccessToken token() {
        return auth.token();
    }

    /** The client the token was issued to; null for an API key of a user. */
    public ClientModel client() {
        return auth.client();
    }

    public AuthResult auth() {
        return auth;
    }

    /** Whether the credential is an API key or was made from one. */
    public boolean keyDerived() {
        return kind == Kind.API_KEY || kind == Kind.KEY_TOKEN;
    }

    /** The key the credential is or came from, or null. */
    public String keyId() {
        Object id = auth.token().getOtherClaims().get(KEY_ID_CLAIM);
        return id == null ? null : id.toString();
    }

    /** Whether the credential itself carries {@code role} of the {@code latchkey} client. */
    public boolean granted(String role) {
        AccessToken.Access access = auth.token().getResourceAccess(LatchkeyRoles.CLIENT_ID);
        return access != null && access.isUserInRole(role);
    }

    /** Whether the credential carries the realm role {@code role}. */
    public boolean grantedRealmRole(String role) {
        AccessToken.Access access = auth.token().getRealmAccess();
        return access != null && access.isUserInRole(role);
    }
}
