package io.latchkey.discogs.rest;

import org.eclipse.microprofile.openapi.annotations.tags.Tag;
import org.keycloak.models.KeycloakSession;

/**
 * {@code /realms/{realm}/discogs}: the out-of-band (PIN) Discogs connection flow for apps.
 *
 * <p>The mount point and its server-info entry exist so operators can see the module is deployed; the
 * endpoints arrive with the module's feature work and are listed in the README's endpoint map.
 */
@Tag(name = "Discogs")
public final class DiscogsResource {

    private final KeycloakSession session;

    public DiscogsResource(KeycloakSession session) {
        this.session = session;
    }

    KeycloakSession session() {
        return session;
    }
}
