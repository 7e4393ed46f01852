package io.latchkey.apidocs;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;

/** Mounts {@link ApiDocsResource} at {@code /realms/{realm}/latchkey-api}. */
public final class ApiDocsResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "latchkey-api";

    public ApiDocsResourceProviderFactory() {
        super(ID, "api-docs");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new ApiDocsResource(session);
    }
}
