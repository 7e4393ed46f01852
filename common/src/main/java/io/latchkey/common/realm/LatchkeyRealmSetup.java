package io.latchkey.common.realm;

import java.util.Map;

import org.jboss.logging.Logger;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.protocol.oidc.OIDCLoginProtocol;
import org.keycloak.provider.Provider;

import io.latchkey.common.auth.LatchkeyRoles;

/**
 * Gives every realm the two clients the bundle's permission model stands on, the way Keycloak gives every realm its
 * {@code account} and {@code realm-management} clients:
 * <ul>
 * <li>{@code latchkey}, bearer-only, holding the roles of {@link LatchkeyRoles}. When the client is first created its
 * roles join the realm's default roles, so every user may use the bundle's self-service endpoints, and the role scope
 * of Keycloak's {@code account-console} client (whose scope is limited), whose Latchkey pages call those endpoints
 * with the console's token; from then on they are the admin's to change (a role removed stays removed).</li>
 * <li>{@code latchkey-api-keys}, bearer-only with an empty role scope: the client of every token exchanged from an API
 * key.</li>
 * </ul>
 */
public final class LatchkeyRealmSetup implements Provider {

    private static final Logger LOG = Logger.getLogger(LatchkeyRealmSetup.class);

    private LatchkeyRealmSetup() {
    }

    /** Creates what is missing; leaves what exists as the admin configured it, but for the token client's scope. */
    public static void ensure(RealmModel realm) {
        ClientModel latchkey = realm.getClientByClientId(LatchkeyRoles.CLIENT_ID);
        if (latchkey == null) {
            latchkey = bearerOnly(realm, LatchkeyRoles.CLIENT_ID, "Latchkey",
                    "Holds the roles that let users, API keys and clients call Latchkey's endpoints.");
            RoleModel defaults = realm.getDefaultRole();
            ClientModel accountConsole = realm.getClientByClientId(Constants.ACCOUNT_CONSOLE_CLIENT_ID);
            for (Map.Entry<String, String> role : LatchkeyRoles.ALL.entrySet()) {
                RoleModel created = latchkey.addRole(role.getKey());
                created.setDescription(role.getValue());
                if (defaults != null) {
                    defaults.addCompositeRole(created);
                }
                if (accountConsole != null && !accountConsole.isFullScopeAllowed()) {
                    accountConsole.addScopeMapping(created);
                }
            }
            LOG.infof("Realm %s: created the client '%s' with Latchkey's roles, given to every user by default",
                    realm.getName(), LatchkeyRoles.CLIENT_ID);
        } else {
            for (Map.Entry<String, String> role : LatchkeyRoles.ALL.entrySet()) {
                if (latchkey.getRole(role.getKey()) == null) {
                    // A role added by a later version of the bundle: no default, the admin decides who gets it.
                    latchkey.addRole(role.getKey()).setDescription(role.getValue());
                }
            }
        }
        ClientModel tokens = realm.getClientByClientId(LatchkeyRoles.KEY_TOKEN_CLIENT_ID);
        if (tokens == null) {
            tokens = bearerOnly(realm, LatchkeyRoles.KEY_TOKEN_CLIENT_ID, "Latchkey API-key tokens",
                    "The client of every access token exchanged from an API key. Keep its role scope empty: Keycloak's"
                            + " admin API then refuses such tokens.");
        }
        // Whatever an admin did to it, the token client never gets a role scope: that scope is what keeps key-derived
        // tokens out of Keycloak's admin API.
        if (tokens.isFullScopeAllowed()) {
            tokens.setFullScopeAllowed(false);
        }
        ClientModel tokenClient = tokens;
        tokens.getScopeMappingsStream().toList().forEach(tokenClient::deleteScopeMapping);
        tokens.getRolesStream().toList().forEach(tokenClient::removeRole);
    }

    /**
     * Whether {@code tokens}, the key-token client, still has no role scope: not full scope, no scope mappings, no roles
     * of its own. Those are exactly what {@code ClientModel.hasScope}, and so Keycloak's admin API, looks at (client
     * scopes' role mappings shape token claims, not that check); anything else would let the admin API accept key
     * tokens for those roles.
     */
    public static boolean confined(ClientModel tokens) {
        return !tokens.isFullScopeAllowed()
                && tokens.getScopeMappingsStream().findAny().isEmpty()
                && tokens.getRolesStream().findAny().isEmpty();
    }

    private static ClientModel bearerOnly(RealmModel realm, String clientId, String name, String description) {
        ClientModel client = realm.addClient(clientId);
        client.setName(name);
        client.setDescription(description);
        client.setProtocol(OIDCLoginProtocol.LOGIN_PROTOCOL);
        client.setEnabled(true);
        client.setBearerOnly(true);
        client.setPublicClient(false);
        client.setStandardFlowEnabled(false);
        client.setImplicitFlowEnabled(false);
        client.setDirectAccessGrantsEnabled(false);
        client.setServiceAccountsEnabled(false);
        client.setFullScopeAllowed(false);
        client.setAlwaysDisplayInConsole(false);
        return client;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
