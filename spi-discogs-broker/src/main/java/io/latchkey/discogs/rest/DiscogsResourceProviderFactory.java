package io.latchkey.discogs.rest;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;

/** Mounts {@link DiscogsResource} at {@code /realms/{realm}/discogs}. */
public final class DiscogsResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "discogs";

    public DiscogsResourceProviderFactory() {
        super(ID, "spi-discogs-broker");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new DiscogsResource(session);
    }
}
