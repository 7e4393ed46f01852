package io.latchkey.quota.rest;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.common.LatchkeyAdminRealmResourceProviderFactory;

/** Mounts {@link QuotaAdminResource} at {@code /admin/realms/{realm}/quota}. */
public final class QuotaAdminResourceProviderFactory extends LatchkeyAdminRealmResourceProviderFactory {

    public static final String ID = "quota";

    public QuotaAdminResourceProviderFactory() {
        super(ID, "spi-quota");
    }

    @Override
    protected Object createResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new QuotaAdminResource(session, realm, auth, adminEvent);
    }
}
