package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.ComponentRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.ConsolePage;
import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * The admin console's <em>Vault services</em> page, through the component REST calls the console makes: it shows the
 * realm's catalog; services added, changed or removed on it are what users can store, in the catalog's order; bad
 * rows are refused in words with nothing stored; catalog changes through REST show on it.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class VaultServicesPageIT {

    private static final String PAGE = "latchkey-vault-services";

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Vault vault;
    private ConsolePage page;

    @BeforeEach
    void openPage() {
        vault = new Vault(realm.getBaseUrl());
        page = new ConsolePage(admin, realm.getBaseUrl(), realm.getName(), PAGE, "service_name");
    }

    @AfterEach
    void resetCatalog() {
        adminCall("DELETE", "/catalog", null);
    }

    @Test
    void thePageListsTheDefaultServices() {
        Map<String, ComponentRepresentation> rows = page.rows();

        assertEquals(8, rows.size());
        assertEquals("Last.fm", rows.get("lastfm").getConfig().getFirst("label"));
        assertEquals("Username", rows.get("lastfm").getConfig().getFirst("service_user_id_label"));
        assertEquals(null, rows.get("spotify").getConfig().getFirst("service_user_id_label"));
    }

    @Test
    void aServiceAddedOnThePageCanBeStoredByUsers() {
        Map<String, String> values = new HashMap<>(Map.of("service_name", "discogs", "label", "Discogs",
                "api_key_label", "Personal token", "service_user_id_label", "Username"));
        values.put("realm", realm.getName());

        HttpResponse<String> created = page.create(page.row(values));

        assertEquals(201, created.statusCode(), created.body());
        JsonNode services = Http.json(adminCall("GET", "/catalog", null)).get("services");
        assertEquals(9, services.size());
        assertEquals("discogs", services.get(8).get("service_name").asText(), "added at the end of the list");
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        HttpResponse<String> stored = vault.create(alice, "{\"service_name\": \"discogs\", \"api_key\": \"tok\"}");
        assertEquals(201, stored.statusCode(), stored.body());
    }

    @Test
    void aServiceChangedOrRemovedOnThePageChangesTheCatalog() {
        ComponentRepresentation steam = page.rows().get("steam");
        steam.getConfig().putSingle("label", "Steam (Valve)");

        assertEquals(204, page.update(steam).statusCode());
        assertEquals(204, page.delete(page.rows().get("xbox")).statusCode());

        JsonNode services = Http.json(adminCall("GET", "/catalog", null)).get("services");
        assertEquals(7, services.size());
        assertEquals("Steam (Valve)", services.get(4).get("label").asText(), "edited in place, order kept");
        assertEquals(7, page.rows().size());
    }

    @Test
    void catalogChangesThroughRestShowOnThePage() {
        assertEquals(200, adminCall("PUT", "/catalog", "{\"services\": [{\"service_name\": \"spotify\", \"label\":"
                + " \"Spotify\", \"api_key_label\": \"Access Token\"}]}").statusCode());

        assertEquals(List.of("spotify"), List.copyOf(page.rows().keySet()));

        assertEquals(204, adminCall("DELETE", "/catalog", null).statusCode());
        assertEquals(8, page.rows().size());
    }

    static Stream<Arguments> badServices() {
        return Stream.of(
                Arguments.of("missing name", row(null, "X", "Key"), "Service name: Service name is required"),
                Arguments.of("upper-case name", row("Bad Name", "X", "Key"),
                        "Service name: Use 1 to 50 lower-case letters, digits or '_'."),
                Arguments.of("oversized name", row("s".repeat(51), "X", "Key"), "Service name:"),
                Arguments.of("hostile name", row("a';drop table x;--", "X", "Key"), "Service name: Use 1 to 50"),
                Arguments.of("missing label", row("newsvc", null, "Key"), "Label: Label is required"),
                Arguments.of("oversized label", row("newsvc", "L".repeat(101), "Key"), "Label:"),
                Arguments.of("missing secret label", row("newsvc", "New", null),
                        "Secret label: API key label is required"),
                Arguments.of("duplicate service", row("lastfm", "Last.fm again", "Key"),
                        "'lastfm' already exists; choose another name or edit that one."));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badServices")
    void aBadServiceIsRefusedInWordsAndNothingIsStored(String name, Map<String, String> row, String message) {
        String before = adminCall("GET", "/catalog", null).body();

        HttpResponse<String> response = page.create(page.row(row));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(ConsolePage.message(response).contains(message), "said: " + ConsolePage.message(response));
        assertEquals(before, adminCall("GET", "/catalog", null).body());
        assertEquals(8, page.rows().size());
    }

    private static Map<String, String> row(String serviceName, String label, String secretLabel) {
        Map<String, String> row = new HashMap<>();
        row.put("service_name", serviceName);
        row.put("label", label);
        row.put("api_key_label", secretLabel);
        return row;
    }

    private HttpResponse<String> adminCall(String method, String path, String body) {
        return vault.admin(method, path, admin.tokenManager().getAccessTokenString(), body);
    }
}
