package io.latchkey.quota.rest;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;

@KeycloakIntegrationTest(config = QuotaDeploymentIT.ServerConfig.class)
class QuotaDeploymentIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsTheResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, QuotaResourceProviderFactory.ID, "spi-quota");
    }

    public static final class ServerConfig extends LatchkeyServerConfig {
    }
}
