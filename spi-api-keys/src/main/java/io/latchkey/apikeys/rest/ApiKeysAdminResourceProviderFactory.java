package io.latchkey.apikeys.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.common.LatchkeyAdminRealmResourceProviderFactory;

/** Mounts {@link ApiKeysAdminResource} at {@code /admin/realms/{realm}/api-keys}. */
public final class ApiKeysAdminResourceProviderFactory extends LatchkeyAdminRealmResourceProviderFactory {

    public static final String ID = "api-keys";

    public ApiKeysAdminResourceProviderFactory() {
        super(ID, "spi-api-keys");
    }

    @Override
    protected Object createResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new ApiKeysAdminResource(session, realm, auth, adminEvent);
    }
}
