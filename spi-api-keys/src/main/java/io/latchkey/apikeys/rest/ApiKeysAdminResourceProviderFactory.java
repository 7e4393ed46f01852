package io.latchkey.apikeys.rest;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.common.BundleInfo;
import io.latchkey.common.StatelessProviderFactory;

/** Mounts {@link ApiKeysAdminResource} at {@code /admin/realms/{realm}/api-keys}. */
public final class ApiKeysAdminResourceProviderFactory
        implements AdminRealmResourceProviderFactory, StatelessProviderFactory<AdminRealmResourceProvider>,
        AdminRealmResourceProvider, ServerInfoAwareProviderFactory {

    public static final String ID = "api-keys";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        return new ApiKeysAdminResource(session, realm, auth, adminEvent);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.operationalInfo("spi-api-keys");
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        // One instance serves as factory and provider; neither holds anything.
    }
}
