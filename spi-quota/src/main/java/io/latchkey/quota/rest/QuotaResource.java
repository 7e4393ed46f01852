package io.latchkey.quota.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/quota}: a user's plan and remaining quotas.
 *
 * <p>The mount point and its server-info entry exist so operators can see the module is deployed; the
 * endpoints arrive with the module's feature work and are listed in the README's endpoint map.
 */
@Tag(name = "Quota")
public final class QuotaResource {

    private final KeycloakSession session;

    public QuotaResource(KeycloakSession session) {
        this.session = session;
    }

    KeycloakSession session() {
        return session;
    }
}
