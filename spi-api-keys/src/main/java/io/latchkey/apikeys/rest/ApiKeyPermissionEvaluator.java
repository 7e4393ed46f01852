package io.latchkey.apikeys.rest;

import java.util.Set;
import java.util.stream.Stream;

import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.RoleUtils;
import org.keycloak.representations.AccessToken;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.apikeys.spi.ApiKeyModel;
import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.auth.Permissions;

/**
 * Every access rule of the API-key endpoints, self-service and admin, in one place (docs/security.md has the table).
 *
 * <p>Self-service ({@code /realms/{realm}/api-keys}):
 * <table>
 * <tr><th>operation</th><th>rule</th></tr>
 * <tr><td>list, get own keys and their usage; list grantable roles</td><td>{@code latchkey:keys:read} in the
 * credential</td></tr>
 * <tr><td>revoke own key</td><td>{@code latchkey:keys:manage} in the credential (a key may revoke)</td></tr>
 * <tr><td>create, regenerate own key</td><td>{@code latchkey:keys:manage} in a user's own access token; never an API
 * key or its token, so nothing a key makes outlives the key. Each role given must be held by the user and may not be
 * one of Keycloak's own. No role is needed: a key without roles verifies (gateways check it with verify) but passes no
 * role check here and its exchanged token carries no roles: it opens none of these endpoints.</td></tr>
 * <tr><td>verify</td><td>the key itself</td></tr>
 * </table>
 *
 * <p>Admin ({@code /admin/realms/{realm}/api-keys}), on top of Keycloak's admin permissions (which already refuse
 * tokens made from keys: their client has no role scope):
 * <table>
 * <tr><th>operation</th><th>rule</th></tr>
 * <tr><td>list, get; a key's or a user's usage</td><td>view-users</td></tr>
 * <tr><td>create; regenerate, reactivate, revoke a key</td><td>the rights to manage the key's owner (a user: manage
 * that user and be able to grant each realm-management role the user holds; a service account: manage its client)
 * and, to create or regenerate, the right to map each of the key's
 * roles (Keycloak's role-mapping permission); never through a token made from a key</td></tr>
 * <tr><td>settings</td><td>view-realm to read, manage-realm to change</td></tr>
 * </table>
 */
final class ApiKeyPermissionEvaluator {

    /** Keycloak's own clients: their roles act inside Keycloak and have no place on an API key. */
    private static final Set<String> KEYCLOAK_CLIENTS = Set.of(Constants.REALM_MANAGEMENT_CLIENT_ID,
            Constants.ACCOUNT_MANAGEMENT_CLIENT_ID, Constants.BROKER_SERVICE_CLIENT_ID, "master-realm",
            LatchkeyRoles.KEY_TOKEN_CLIENT_ID);

    private ApiKeyPermissionEvaluator() {
    }

    // --- self-service ------------------------------------------------------------------------------------------

    static void requireReadOwn(Caller caller) {
        Permissions.requireRole(caller, LatchkeyRoles.KEYS_READ, "Reading API keys");
    }

    /** A key's usage is read like the key: its statistics say no more than its last use does. */
    static void requireReadOwnUsage(Caller caller) {
        requireReadOwn(caller);
    }

    static void requireRevokeOwn(Caller caller) {
        Permissions.requireRole(caller, LatchkeyRoles.KEYS_MANAGE, "Revoking API keys");
    }

    static void requireMintOwn(Caller caller) {
        Permissions.refuseKeyDerived(caller, "Creating or regenerating an API key");
        Permissions.requireRole(caller, LatchkeyRoles.KEYS_MANAGE, "Creating or regenerating an API key");
    }

    /**
     * A role the caller may put on their own key: one they hold. The client's role scope does not narrow it: a client
     * whose scope holds {@code keys:manage} is one the admin lets mint the user's keys (the account console is one).
     */
    static void requireGrantableOwn(Caller caller, RoleModel role) {
        refuseKeycloakRole(role);
        if (!caller.user().hasRole(role)) {
            throw Permissions.forbidden("You cannot give a key the role '" + ApiKeyRepresentation.roleName(role)
                    + "': you do not have it.");
        }
    }

    /** For the list of roles a caller may give: those {@link #requireGrantableOwn} accepts. */
    static boolean grantableOwn(Caller caller, RoleModel role) {
        return !isKeycloakRole(role) && caller.user().hasRole(role);
    }

    // --- admin -------------------------------------------------------------------------------------------------

    /** Listing and reading keys, and their usage (a key's or a user's): view-users, as Keycloak's user reads. */
    static void requireAdminRead(AdminPermissionEvaluator auth) {
        auth.users().requireView();
    }

    /** Creating a key for {@code owner} with {@code roles}, or regenerating one (which hands out its secret). */
    static void requireAdminMint(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            UserModel owner, Iterable<RoleModel> roles) {
        requireAdminManageOwner(session, realm, auth, owner);
        for (RoleModel role : roles) {
            refuseKeycloakRole(role);
            if (!auth.roles().canMapRole(role)) {
                throw Permissions.forbidden("You cannot give a key the role '" + ApiKeyRepresentation.roleName(role)
                        + "': you may not map that role to users.");
            }
        }
    }

    /** Revoking, reactivating or regenerating {@code key}: the rights to manage its owner. */
    static void requireAdminManageKey(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            ApiKeyModel key) {
        UserModel owner = session.users().getUserById(realm, key.ownerId());
        if (owner == null) {
            // The owner is gone: only those who may manage every user may touch what is left.
            auth.users().requireManage();
            refuseKeyTokenAdmin(auth);
            return;
        }
        requireAdminManageOwner(session, realm, auth, owner);
    }

    private static void requireAdminManageOwner(KeycloakSession session, RealmModel realm,
            AdminPermissionEvaluator auth, UserModel owner) {
        refuseKeyTokenAdmin(auth);
        String clientLink = owner.getServiceAccountClientLink();
        if (clientLink != null) {
            ClientModel client = realm.getClientById(clientLink);
            if (client == null || !auth.clients().canManage(client)) {
                throw Permissions.forbidden("You cannot manage keys of the service account of '"
                        + (client == null ? clientLink : client.getClientId()) + "': that needs the right to manage"
                        + " the client.");
            }
        } else if (!auth.users().canManage(owner)) {
            throw Permissions.forbidden("You cannot manage keys of '" + owner.getUsername() + "': you may not"
                    + " manage that user.");
        }
        // Keycloak lets a user manager manage every user, admins included. A key is a credential of its owner, so
        // whoever makes one must also be able to grant each administration right the owner holds.
        ClientModel adminClient = realm.getClientByClientId(Constants.REALM_MANAGEMENT_CLIENT_ID);
        if (adminClient != null) {
            adminClient.getRolesStream().filter(owner::hasRole).filter(role -> !auth.roles().canMapRole(role))
                    .findFirst().ifPresent(role -> {
                        throw Permissions.forbidden("You cannot manage keys of '" + owner.getUsername() + "': they"
                                + " hold the administration role '" + role.getName() + "', which you may not grant.");
                    });
        }
    }

    /** Keycloak refuses key tokens on its admin API already; said here too, so the rule stands in this file. */
    private static void refuseKeyTokenAdmin(AdminPermissionEvaluator auth) {
        AccessToken token = auth.adminAuth().getToken();
        if (token != null && (LatchkeyRoles.KEY_TOKEN_CLIENT_ID.equals(token.getIssuedFor())
                || token.getOtherClaims().containsKey(Caller.KEY_ID_CLAIM))) {
            throw Permissions.forbidden("API keys cannot be managed with a token made from an API key.");
        }
    }

    // --- both --------------------------------------------------------------------------------------------------

    private static void refuseKeycloakRole(RoleModel role) {
        if (isKeycloakRole(role)) {
            throw Permissions.forbidden("A key cannot carry the role '" + ApiKeyRepresentation.roleName(role)
                    + "': it is or contains one of Keycloak's own administration or account roles.");
        }
    }

    /** A role of Keycloak's own clients, or a composite that contains one (such as a realm role wrapping realm-admin). */
    static boolean isKeycloakRole(RoleModel role) {
        return RoleUtils.expandCompositeRolesStream(Stream.of(role)).anyMatch(ApiKeyPermissionEvaluator::ofKeycloakClient);
    }

    private static boolean ofKeycloakClient(RoleModel role) {
        return role.isClientRole() && KEYCLOAK_CLIENTS.contains(((ClientModel) role.getContainer()).getClientId());
    }
}
