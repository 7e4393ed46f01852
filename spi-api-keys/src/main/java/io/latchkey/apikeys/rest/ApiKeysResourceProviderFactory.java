package io.latchkey.apikeys.rest;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;

/** Mounts {@link ApiKeysResource} at {@code /realms/{realm}/api-keys}. */
public final class ApiKeysResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "api-keys";

    public ApiKeysResourceProviderFactory() {
        super(ID, "spi-api-keys");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new ApiKeysResource(session);
    }
}
