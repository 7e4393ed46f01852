package io.latchkey.quota.it;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.latchkey.quota.rest.QuotaResourceProviderFactory;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;

@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaDeploymentIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsTheResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, QuotaResourceProviderFactory.ID, "spi-quota");
    }
}
