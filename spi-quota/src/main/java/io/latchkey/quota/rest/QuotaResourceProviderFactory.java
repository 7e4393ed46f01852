package io.latchkey.quota.rest;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;

/** Mounts {@link QuotaResource} at {@code /realms/{realm}/quota}. */
public final class QuotaResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "quota";

    public QuotaResourceProviderFactory() {
        super(ID, "spi-quota");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new QuotaResource(session);
    }
}
