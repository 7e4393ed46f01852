package io.latchkey.discogs.rest;

import org.keycloak.models.RealmModel;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.auth.Permissions;
import io.latchkey.common.rest.ServiceAccountRole;

/**
 * Every access rule of the Discogs PIN-flow endpoints, in one place (docs/security.md has the table).
 *
 * <table>
 * <tr><th>operation</th><th>rule</th></tr>
 * <tr><td>authorize, verify (link a Discogs account)</td><td>{@code latchkey:discogs:connect} in a user's access token;
 * never an API key or its token: a linked Discogs account can sign in as the user, so linking one is a sign-in
 * credential change that a key must not make</td></tr>
 * <tr><td>status, revoke</td><td>{@code latchkey:discogs:connect} in the credential (a key may carry it)</td></tr>
 * <tr><td>read a user's Discogs token</td><td>the token of a confidential client's service account holding the realm
 * role {@code discogs-token-reader}; never an API key or its token</td></tr>
 * </table>
 */
final class DiscogsPermissionEvaluator {

    private final Caller caller;

    DiscogsPermissionEvaluator(Caller caller) {
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }

    void requireLink() {
        Permissions.refuseKeyDerived(caller, "Linking a Discogs account");
        Permissions.requireRole(caller, LatchkeyRoles.DISCOGS_CONNECT, "Linking a Discogs account");
    }

    void requireConnection() {
        Permissions.requireRole(caller, LatchkeyRoles.DISCOGS_CONNECT, "Reading or removing the Discogs connection");
    }

    void requireBackendRead(RealmModel realm, String role) {
        ServiceAccountRole.require(realm, caller, role, "Reading Discogs tokens");
    }
}
