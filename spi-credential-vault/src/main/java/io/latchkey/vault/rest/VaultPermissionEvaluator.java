package io.latchkey.vault.rest;

import org.keycloak.models.RealmModel;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.auth.Permissions;
import io.latchkey.common.rest.ServiceAccountRole;

/**
 * Every access rule of the credential vault's realm endpoints, in one place (docs/security.md has the table). The
 * admin endpoints ask Keycloak's own admin permissions, which refuse tokens made from API keys.
 *
 * <table>
 * <tr><th>operation</th><th>user token / service account token / API key / key token</th></tr>
 * <tr><td>catalog, list, get, services, verify, secret (where the realm allows it)</td>
 * <td>{@code latchkey:vault:read} in the credential</td></tr>
 * <tr><td>create, replace, delete</td><td>{@code latchkey:vault:write} in the credential</td></tr>
 * <tr><td>read another user's decrypted credential</td><td>the token of a confidential client's service account
 * holding the realm role {@code credential-vault-reader}; never an API key or its token</td></tr>
 * </table>
 * Every user's own credentials only: another user's credential is 404 whatever the caller holds.
 */
final class VaultPermissionEvaluator {

    private final Caller caller;

    VaultPermissionEvaluator(Caller caller) {
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }

    void requireRead() {
        Permissions.requireRole(caller, LatchkeyRoles.VAULT_READ, "Reading the credential vault");
    }

    void requireWrite() {
        Permissions.requireRole(caller, LatchkeyRoles.VAULT_WRITE, "Changing the credential vault");
    }

    /** Opening one credential by id: any vault right, so a caller without one cannot even learn that it exists. */
    void requireAny() {
        if (!caller.granted(LatchkeyRoles.VAULT_READ) && !caller.granted(LatchkeyRoles.VAULT_WRITE)) {
            requireRead();
        }
    }

    void requireBackendRead(RealmModel realm) {
        ServiceAccountRole.require(realm, caller, CredentialVaultResource.READER_ROLE, "Reading stored credentials");
    }
}
