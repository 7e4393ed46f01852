package io.latchkey.server;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;

import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;

/** All modules load side by side in one server, as they do in the assembled distribution. */
@KeycloakIntegrationTest(config = BundleServerConfig.class)
class BundleProvidersIT {

    @InjectAdminClient
    Keycloak admin;

    @ParameterizedTest
    @CsvSource({
            "credential-vault, spi-credential-vault",
            "api-keys, spi-api-keys",
            "quota, spi-quota",
            "discogs, spi-discogs-broker",
            "registration, spi-registration",
    })
    void everyModuleIsLoadedWithTheBundleVersion(String providerId, String module) {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, providerId, module);
    }

    @Test
    void discogsIsListedWithTheSocialProviders() {
        ProviderAssertions.assertLoaded(admin, "social", "discogs", "spi-discogs-broker");
    }
}
