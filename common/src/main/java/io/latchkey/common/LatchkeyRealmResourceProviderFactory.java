package io.latchkey.common;

import java.util.Map;

import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ServerInfoAwareProviderFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

import io.latchkey.common.rest.JsonBody;

/**
 * Base for the bundle's realm resources ({@code /realms/{realm}/<id>/...}).
 *
 * <p>Keycloak mounts a realm resource under its provider id, so the id is the URL segment users type.
 * Every such factory also reports the bundle version in the server info, which is how an operator (and the
 * integration tests) see which Latchkey build a running server has loaded.
 */
public abstract class LatchkeyRealmResourceProviderFactory
        implements RealmResourceProviderFactory, StatelessProviderFactory<RealmResourceProvider>,
        ServerInfoAwareProviderFactory {

    private final String id;
    private final String module;

    protected LatchkeyRealmResourceProviderFactory(String id, String module) {
        this.id = id;
        this.module = module;
    }

    /** The JAX-RS resource that serves one request; it lives as long as the session. */
    protected abstract Object createResource(KeycloakSession session);

    @Override
    public final RealmResourceProvider create(KeycloakSession session) {
        Object resource = createResource(session);
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                JsonBody.refuseForeignBody(session);
                return resource;
            }

            @Override
            public void close() {
                // The resource holds no resources of its own; the session closes what it opened.
            }
        };
    }

    @Override
    public final String getId() {
        return id;
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.operationalInfo(module);
    }
}
