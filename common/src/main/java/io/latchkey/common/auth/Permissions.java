package io.latchkey.common.auth;

import jakarta.ws.rs.core.Response;

import io.latchkey.common.rest.ApiErrors;

/**
 * The checks every module's permission evaluator is made of, so that the wording of a refusal and the rule behind it
 * are the same on every endpoint. Each throws 403 with a sentence naming what is missing.
 */
public final class Permissions {

    private Permissions() {
    }

    /** The credential must carry {@code role} of the {@code latchkey} client. */
    public static void requireRole(Caller caller, String role, String operation) {
        if (!caller.granted(role)) {
            throw forbidden(operation + " needs the role '" + LatchkeyRoles.qualified(role) + "' in the credential"
                    + (caller.keyDerived() ? ": give the API key that role." : "."));
        }
    }

    /** Nothing an API key makes may outlive the key: keys and their tokens cannot act here at all. */
    public static void refuseKeyDerived(Caller caller, String operation) {
        if (caller.keyDerived()) {
            throw forbidden(operation + " is not possible with an API key or a token made from one; use the user's"
                    + " access token.");
        }
    }

    public static jakarta.ws.rs.WebApplicationException forbidden(String detail) {
        return ApiErrors.error(Response.Status.FORBIDDEN, detail);
    }
}
