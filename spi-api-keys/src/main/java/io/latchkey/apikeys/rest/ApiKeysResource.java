package io.latchkey.apikeys.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/api-keys}: a user's API keys and the verify endpoint for gateways.
 *
 * <p>The mount point and its server-info entry exist so operators can see the module is deployed; the
 * endpoints arrive with the module's feature work and are listed in the README's endpoint map.
 */
@Tag(name = "API keys")
public final class ApiKeysResource {

    private final KeycloakSession session;

    public ApiKeysResource(KeycloakSession session) {
        this.session = session;
    }

    KeycloakSession session() {
        return session;
    }
}
