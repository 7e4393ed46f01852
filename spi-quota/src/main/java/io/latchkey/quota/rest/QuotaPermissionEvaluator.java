package io.latchkey.quota.rest;

import io.latchkey.common.auth.Caller;
import io.latchkey.common.auth.LatchkeyRoles;
import io.latchkey.common.auth.Permissions;

/**
 * Every access rule of the quota module's realm endpoints, in one place (docs/security.md has the table). The admin
 * endpoints ask Keycloak's own admin permissions, which refuse tokens made from API keys.
 *
 * <table>
 * <tr><th>operation</th><th>rule</th></tr>
 * <tr><td>read one's own plan and quotas</td><td>{@code latchkey:quota:read} in the credential</td></tr>
 * <tr><td>post to the message log</td><td>{@code latchkey:quota:log} in the credential</td></tr>
 * </table>
 */
final class QuotaPermissionEvaluator {

    private final Caller caller;

    QuotaPermissionEvaluator(Caller caller) {
        this.caller = caller;
    }

    Caller caller() {
        return caller;
    }

    void requireReadOwn() {
        Permissions.requireRole(caller, LatchkeyRoles.QUOTA_READ, "Reading quotas");
    }

    void requireLog() {
        Permissions.requireRole(caller, LatchkeyRoles.QUOTA_LOG, "Posting to the message log");
    }
}
