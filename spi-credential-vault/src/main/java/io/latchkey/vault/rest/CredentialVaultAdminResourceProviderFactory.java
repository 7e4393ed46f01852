package io.latchkey.vault.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.common.LatchkeyAdminRealmResourceProviderFactory;

/** Mounts {@link CredentialVaultAdminResource} at {@code /admin/realms/{realm}/credential-vault}. */
public final class CredentialVaultAdminResourceProviderFactory extends LatchkeyAdminRealmResourceProviderFactory {

    public static final String ID = "credential-vault";

    public CredentialVaultAdminResourceProviderFactory() {
        super(ID, "spi-credential-vault");
    }

    @Override
    protected Object createResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new CredentialVaultAdminResource(session, realm, auth, adminEvent);
    }
}
