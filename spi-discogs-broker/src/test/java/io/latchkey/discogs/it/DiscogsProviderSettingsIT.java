package io.latchkey.discogs.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import jakarta.ws.rs.core.Response;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.IdentityProviderRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.discogs.broker.DiscogsIdentityProviderFactory;
import io.latchkey.discogs.rest.DiscogsResourceProviderFactory;
import io.latchkey.testsupport.FakeDiscogs;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.ProviderAssertions;
import io.latchkey.testsupport.ServerInfo;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The provider as realm admins meet it: listed with the social providers, its settings described for the admin
 * console, bad settings refused when saved, the consumer secret never shown back, the legacy service's admin config
 * mapped.
 */
@KeycloakIntegrationTest(config = DiscogsServerConfig.class)
class DiscogsProviderSettingsIT {

    @InjectRealm(config = DiscogsRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void serverInfoListsTheProviderAndTheResourceWithTheBundleVersion() {
        ProviderAssertions.assertLoaded(admin, ServerInfo.REALM_RESOURCE_SPI, DiscogsResourceProviderFactory.ID,
                "spi-discogs-broker");
        ProviderAssertions.assertLoaded(admin, "social", DiscogsIdentityProviderFactory.ID, "spi-discogs-broker");
        assertTrue(admin.serverInfo().getInfo().getSocialProviders().stream()
                .anyMatch(p -> "discogs".equals(p.get("id")) && "Discogs".equals(p.get("name"))));
    }

    @Test
    void theSettingsPageIsDescribedForTheAdminConsole() {
        HttpResponse<String> response = Http.get(adminUrl() + "/identity-provider/providers/discogs",
                admin.tokenManager().getAccessTokenString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode properties = Http.json(response).get("configProperties");
        List<String> names = new java.util.ArrayList<>();
        properties.forEach(p -> names.add(p.get("name").asText()));
        assertEquals(List.of("userAgent", "signatureMethod", "timeoutSeconds", "oobStateLifespanSeconds",
                "requestTokenUrl", "authorizeUrl", "accessTokenUrl", "identityUrl"), names);
    }

    @Test
    void theConsumerSecretIsNeverShownBack() {
        IdentityProviderRepresentation read = realm.admin().identityProviders().get(DiscogsRealmConfig.ALIAS)
                .toRepresentation();

        assertEquals(FakeDiscogs.CONSUMER_KEY, read.getConfig().get("clientId"));
        assertEquals("**********", read.getConfig().get("clientSecret"));
    }

    @Test
    void badSettingsAreRefusedWhenSaved() {
        List<Map.Entry<String, String>> bad = List.of(
                Map.entry("requestTokenUrl", "not a url"),
                Map.entry("identityUrl", "ftp://api.discogs.com/oauth/identity"),
                Map.entry("signatureMethod", "RSA-SHA1"),
                Map.entry("timeoutSeconds", "0"),
                Map.entry("timeoutSeconds", "ten"),
                Map.entry("oobStateLifespanSeconds", "99999"),
                Map.entry("userAgent", "bad\nheader"));
        for (Map.Entry<String, String> setting : bad) {
            IdentityProviderRepresentation provider = DiscogsRealmConfig.provider(FakeDiscogs.shared());
            provider.setAlias("discogs-bad");
            Map<String, String> config = new HashMap<>(provider.getConfig());
            config.put(setting.getKey(), setting.getValue());
            provider.setConfig(config);
            try (Response response = realm.admin().identityProviders().create(provider)) {
                assertEquals(400, response.getStatus(), setting.toString());
                assertTrue(response.readEntity(String.class).contains(setting.getKey()), setting.toString());
            }
        }
        assertTrue(realm.admin().identityProviders().findAll().stream()
                .noneMatch(p -> "discogs-bad".equals(p.getAlias())));
    }

    @Test
    void theLegacyAdminConfigMapsToProviderSettings() {
        // The legacy service's PUT /api/admin/config/discogs_consumer_key becomes an update of the provider's clientId.
        DiscogsRealmConfig.setting(realm, "clientId", "");
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        try {
            HttpResponse<String> unconfigured = new Discogs(realm.getBaseUrl()).authorize(alice);
            assertEquals(503, unconfigured.statusCode(), unconfigured.body());
            assertTrue(unconfigured.body().contains("Discogs app credentials not configured"), unconfigured.body());
        } finally {
            DiscogsRealmConfig.setting(realm, "clientId", FakeDiscogs.CONSUMER_KEY);
        }
        assertEquals(200, new Discogs(realm.getBaseUrl()).authorize(alice).statusCode());

        // A vault reference that Keycloak's vault cannot resolve is never sent to Discogs literally.
        DiscogsRealmConfig.setting(realm, "clientSecret", "${vault.no_such_secret}");
        try {
            assertEquals(503, new Discogs(realm.getBaseUrl()).authorize(alice).statusCode());
        } finally {
            DiscogsRealmConfig.setting(realm, "clientSecret", FakeDiscogs.CONSUMER_SECRET);
        }
        assertEquals(200, new Discogs(realm.getBaseUrl()).authorize(alice).statusCode());
    }

    private String adminUrl() {
        return realm.getBaseUrl().replace("/realms/", "/admin/realms/");
    }
}
