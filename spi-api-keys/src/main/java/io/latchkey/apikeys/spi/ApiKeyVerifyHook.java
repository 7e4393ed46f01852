package io.latchkey.apikeys.spi;

import java.util.Optional;

import jakarta.ws.rs.core.MultivaluedMap;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * The seam for what else a valid key must pass before a verify succeeds, such as the quota module's deduction.
 * Every deployed hook runs, in provider-id order, after the key itself was found valid; the first rejection wins.
 */
public interface ApiKeyVerifyHook extends Provider {

    /**
     * @param parameters the verify request's query parameters (e.g. which quota and what cost)
     * @param dryRun     check only: deduct nothing
     * @return empty to let the verify succeed; a rejection to refuse it with that status, code and headers
     */
    Optional<VerifyRejection> onValidKey(KeycloakSession session, RealmModel realm, Verification verification,
            MultivaluedMap<String, String> parameters, boolean dryRun);
}
