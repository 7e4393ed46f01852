package io.latchkey.vault.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;
import io.latchkey.vault.it.VaultServerConfig;

@KeycloakIntegrationTest(config = VaultServerConfig.class)
class CredentialVaultDeploymentIT {

    @InjectAdminClient
    Keycloak admin;

    @InjectRealm(config = UserRealmConfig.class)
    ManagedRealm realm;

    @Test
    void serverInfoListsTheVaultResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, CredentialVaultResourceProviderFactory.ID,
                "spi-credential-vault");
    }

    @Test
    void catalogAnswersAUserTokenWithTheDefaultServices() {
        String token = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);

        HttpResponse<String> response = Http.get(catalogUrl(), token);

        assertEquals(200, response.statusCode(), response.body());
        List<String> names = new ArrayList<>();
        for (JsonNode service : Http.json(response)) {
            names.add(service.get("service_name").asText());
        }
        assertEquals(List.of("spotify", "lastfm", "trakt_client_id", "trakt_client_secret", "steam", "psn", "xbox",
                "retroachievements"), names);
    }

    @Test
    void catalogWithoutTokenIs401WithTheLegacyMessage() {
        HttpResponse<String> response = Http.get(catalogUrl(), null);

        assertEquals(401, response.statusCode());
        assertEquals("Authentication credentials were not provided", Http.json(response).get("detail").asText());
        assertEquals("Bearer realm=\"" + realm.getName() + "\"",
                response.headers().firstValue("WWW-Authenticate").orElse(null));
    }

    @Test
    void catalogWithAForgedTokenIs401InvalidToken() {
        HttpResponse<String> response = Http.get(catalogUrl(), "eyJhbGciOiJIUzI1NiJ9.e30.forged");

        assertEquals(401, response.statusCode());
        assertEquals("Invalid token", Http.json(response).get("detail").asText());
    }

    private String catalogUrl() {
        return realm.getBaseUrl() + "/credential-vault/catalog";
    }

}
