package io.latchkey.discogs.rest;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.server.KeycloakServerConfigBuilder;

import io.latchkey.testsupport.LatchkeyServerConfig;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;

@KeycloakIntegrationTest(config = DiscogsDeploymentIT.ServerConfig.class)
class DiscogsDeploymentIT {

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsTheResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, DiscogsResourceProviderFactory.ID, "spi-discogs-broker");
    }

    public static final class ServerConfig extends LatchkeyServerConfig {
        @Override
        protected KeycloakServerConfigBuilder extra(KeycloakServerConfigBuilder config) {
            return config
                    .dependency("com.github.scribejava", "scribejava-core")
                    .dependency("com.github.scribejava", "scribejava-java8");
        }
    }
}
