package io.latchkey.quota.jpa;

import java.util.Map;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ServerInfoAwareProviderFactory;

import io.latchkey.common.BundleInfo;
import io.latchkey.quota.spi.QuotaProvider;
import io.latchkey.quota.spi.QuotaProviderFactory;

/** Quotas in Keycloak's database; a deleted user's or realm's counters go with them. */
public final class JpaQuotaProviderFactory implements QuotaProviderFactory, ServerInfoAwareProviderFactory {

    public static final String ID = "jpa";

    @Override
    public QuotaProvider create(KeycloakSession session) {
        return new JpaQuotaProvider(session);
    }

    @Override
    public void init(Config.Scope config) {
        // No options yet: plans and limits are per-realm settings.
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof UserModel.UserRemovedEvent removed) {
                provider(removed.getKeycloakSession()).removeSubject(removed.getRealm().getId(),
                        JpaQuotaProvider.USER, removed.getUser().getId());
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                provider(removed.getKeycloakSession()).removeRealm(removed.getRealm().getId());
            }
        });
    }

    private static JpaQuotaProvider provider(KeycloakSession session) {
        return (JpaQuotaProvider) session.getProvider(QuotaProvider.class, ID);
    }

    @Override
    public Map<String, String> getOperationalInfo() {
        return BundleInfo.operationalInfo("spi-quota");
    }

    @Override
    public String getId() {
        return ID;
    }

    @Override
    public void close() {
        // Nothing held.
    }
}
