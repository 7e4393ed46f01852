package io.latchkey.common.auth;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The permission vocabulary of the bundle's user-facing endpoints: client roles of the realm's {@code latchkey}
 * client. A user token, an API key and a token exchanged from a key may call an endpoint only when the credential
 * itself carries the role the endpoint names; every user has them through the realm's default roles, so an admin
 * restricts users by editing the default roles, a client by its role scope, and a key by the roles it is given.
 */
public final class LatchkeyRoles {

    /** The client that holds the roles; its client id is also the audience user tokens must carry. */
    public static final String CLIENT_ID = "latchkey";
    /**
     * The client every token exchanged from an API key is issued to ({@code azp}). It has no flows, no secret a caller
     * can use and an empty role scope, so Keycloak's own admin API, which authorizes with the token client's scope,
     * refuses such tokens whatever roles their owner holds.
     */
    public static final String KEY_TOKEN_CLIENT_ID = "latchkey-api-keys";

    public static final String VAULT_READ = "vault:read";
    public static final String VAULT_WRITE = "vault:write";
    public static final String KEYS_READ = "keys:read";
    public static final String KEYS_MANAGE = "keys:manage";
    public static final String QUOTA_READ = "quota:read";
    public static final String QUOTA_LOG = "quota:log";
    public static final String DISCOGS_CONNECT = "discogs:connect";

    /** Every role with the description the admin console shows. */
    public static final Map<String, String> ALL;

    static {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(VAULT_READ, "List one's own credential-vault entries and the service catalog, test a stored credential.");
        all.put(VAULT_WRITE, "Store, replace and delete one's own credential-vault entries.");
        all.put(KEYS_READ, "List and read one's own API keys (never their secrets).");
        all.put(KEYS_MANAGE, "Create, regenerate and revoke one's own API keys. Never usable through an API key.");
        all.put(QUOTA_READ, "Read one's own plan, quotas and usage.");
        all.put(QUOTA_LOG, "Post records to the message log.");
        all.put(DISCOGS_CONNECT, "Connect, inspect and disconnect one's own Discogs account with the PIN flow.");
        ALL = Collections.unmodifiableMap(all);
    }

    private LatchkeyRoles() {
    }

    /** How a role is written in key requests and error messages: {@code latchkey:vault:read}. */
    public static String qualified(String role) {
        return CLIENT_ID + ":" + role;
    }
}
