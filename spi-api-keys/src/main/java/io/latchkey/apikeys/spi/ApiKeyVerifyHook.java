package io.latchkey.apikeys.spi;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The seam for what else a key's use must pass, such as the quota module's per-address limits and deductions. Every
 * deployed hook runs, in provider-id order; the first rejection wins.
 */
public interface ApiKeyVerifyHook extends Provider {

    /**
     * Before the key is even looked up, for every use (verify, exchange, bearer): per-address rate limits and
     * allow-lists, which must also hold back callers guessing keys.
     *
     * @param use {@code verify}, {@code exchange} or {@code bearer}
     */
    default Optional<VerifyRejection> beforeLookup(KeycloakSession session, RealmModel realm, String clientIp,
            String use) {
        return Optional.empty();
    }

    /**
     * After the key was found valid, on verify only.
     *
     * @param parameters the verify request's query parameters (e.g. which quota and what cost)
     * @param dryRun     check only: deduct nothing
     */
    VerifyHookResult onValidKey(KeycloakSession session, RealmModel realm, Verification verification,
            MultivaluedMap<String, String> parameters, boolean dryRun);
}
