package io.latchkey.vault.rest;

import org.keycloak.models.KeycloakSession;

import io.latchkey.common.LatchkeyRealmResourceProviderFactory;

/** Mounts {@link CredentialVaultResource} at {@code /realms/{realm}/credential-vault}. */
public final class CredentialVaultResourceProviderFactory extends LatchkeyRealmResourceProviderFactory {

    public static final String ID = "credential-vault";

    public CredentialVaultResourceProviderFactory() {
        super(ID, "spi-credential-vault");
    }

    @Override
    protected Object createResource(KeycloakSession session) {
        return new CredentialVaultResource(session);
    }
}
