package io.latchkey.common;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

import io.latchkey.common.rest.JsonBody;

/**
 * Base for the bundle's admin resources ({@code /admin/realms/{realm}/<id>/...}): Keycloak authenticates the admin
 * and hands over the permission evaluator and the admin-event builder; the factory reports the bundle version.
 */
public abstract class LatchkeyAdminRealmResourceProviderFactory
        implements AdminRealmResourceProviderFactory, StatelessProviderFactory<AdminRealmResourceProvider>,
        AdminRealmResourceProvider, ServerInfoAwareProviderFactory {

    private final String id;
    private final String module;

    protected LatchkeyAdminRealmResourceProviderFactory(String id, String module) {
        this.id = id;
        this.module = module;
    }

    /** The JAX-RS resource for one admin request. */
    protected abstract Object createResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent);

    @Override
    public final AdminRealmResourceProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public final Object getResource(KeycloakSession session, RealmModel realm, AdminPermissionEvaluator auth,
            AdminEventBuilder adminEvent) {
        JsonBody.refuseForeignBody(session);
        return createResource(session, realm, auth, adminEvent);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.operationalInfo(module);
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public final void close() {
        // One instance serves as factory and provider; neither holds anything.
    }
}
