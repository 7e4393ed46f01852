package io.latchkey.apikeys.it;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.latchkey.apikeys.rest.ApiKeysResourceProviderFactory;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;

@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeysDeploymentIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsTheResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, ApiKeysResourceProviderFactory.ID, "spi-api-keys");
    }
}
