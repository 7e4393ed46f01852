package io.latchkey.common.rest;

import jakarta.ws.rs.core.Response;

import org.keycloak.models.ClientModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.representations.AccessToken;

import io.latchkey.common.auth.Caller;

/**
 * The check for backend endpoints that read users' secrets: the caller must be the service account of a confidential
 * client, and both the account and the presented token must carry a dedicated realm role. Requiring it in the token
 * too means a token minted before the role was removed, or with the role scoped out, does not qualify. An API key,
 * or a token exchanged from one, never qualifies, even one owned by such a service account: reading every user's
 * secrets takes the client's own credentials, which an API key cannot stand in for.
 */
public final class ServiceAccountRole {

    private ServiceAccountRole() {
    }

    /**
     * @param what what the role allows, for the 403 message ("Reading stored credentials")
     * @throws jakarta.ws.rs.WebApplicationException 403 naming the role when the caller does not qualify
     */
    public static void require(RealmModel realm, Caller auth, String roleName, String what) {
        ClientModel client = auth.client();
        UserModel caller = auth.user();
        RoleModel role = realm.getRole(roleName);
        AccessToken.Access realmAccess = auth.token().getRealmAccess();
        boolean serviceAccountOfConfidentialClient = auth.kind() == Caller.Kind.SERVICE_ACCOUNT
                && client != null && !client.isPublicClient()
                && client.getId().equals(caller.getServiceAccountClientLink());
        boolean holdsRole = role != null && caller.hasRole(role)
                && realmAccess != null && realmAccess.isUserInRole(roleName);
        if (!serviceAccountOfConfidentialClient || !holdsRole) {
            throw ApiErrors.error(Response.Status.FORBIDDEN, what + " needs the service account of a confidential"
                    + " client with the realm role '" + roleName + "'");
        }
    }
}
