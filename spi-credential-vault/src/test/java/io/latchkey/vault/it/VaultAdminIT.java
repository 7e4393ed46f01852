package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.AdminEventRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/** {@code /admin/realms/{realm}/credential-vault}: realm admins manage the catalog, settings and users' entries. */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class VaultAdminIT {

    private static final String CUSTOM_CATALOG = "{\"services\": [{\"service_name\": \"spotify\", \"label\": \"Spotify\","
            + " \"api_key_label\": \"Access Token\"}, {\"service_name\": \"discogs\", \"label\": \"Discogs\","
            + " \"api_key_label\": \"Personal token\", \"service_user_id_label\": \"Username\"}]}";

    private static final String CATALOG_ATTRIBUTE = "latchkey.credential-vault.catalog";

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Vault vault;
    private String alice;
    private String aliceId;

    @BeforeEach
    void signIn() {
        vault = new Vault(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
    }

    @AfterEach
    void resetRealmSettings() {
        adminCall("DELETE", "/catalog", null);
        adminCall("PUT", "/settings", "{\"owner_can_read_secret\": false}");
    }

    @Test
    void adminRestrictsAndExtendsTheCatalogAndUsersFollowIt() {
        HttpResponse<String> put = adminCall("PUT", "/catalog", CUSTOM_CATALOG);
        assertEquals(200, put.statusCode(), put.body());

        JsonNode catalog = Http.json(Http.get(realm.getBaseUrl() + "/credential-vault/catalog", alice));
        assertEquals(2, catalog.size());
        assertEquals("discogs", catalog.get(1).get("service_name").asText());
        assertEquals("[\"service_user_id\"]", catalog.get(1).get("optional_fields").toString());

        HttpResponse<String> steam = vault.create(alice, "{\"service_name\": \"steam\", \"api_key\": \"k\"}");
        assertEquals(400, steam.statusCode());
        assertEquals("Unknown service 'steam'. Allowed: spotify, discogs.",
                Vault.json(steam).get("service_name").get(0).asText());
        assertEquals(201, vault.create(alice, "{\"service_name\": \"discogs\", \"api_key\": \"tok\","
                + " \"service_user_id\": \"alice_d\"}").statusCode());

        assertEquals(204, adminCall("DELETE", "/catalog", null).statusCode());
        assertEquals(8, Http.json(adminCall("GET", "/catalog", null)).get("services").size());
        assertTrue(adminEvents().stream().anyMatch(e -> "LATCHKEY_CREDENTIAL_VAULT".equals(e.getResourceType())
                && "UPDATE".equals(e.getOperationType())));
    }

    /** What kcadm.sh update does: GET the object, change nothing (or one member), PUT the whole object back. */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"/catalog", "/settings"})
    void whatGetAnswersIsAcceptedBackUnchanged(String path) {
        HttpResponse<String> get = adminCall("GET", path, null);
        String before = get.body();

        HttpResponse<String> put = adminCall("PUT", path, before);

        assertEquals(200, put.statusCode(), put.body());
        assertEquals(Http.json(get), Http.json(put));
        assertEquals(before, adminCall("GET", path, null).body());
    }

    @Test
    void sendingTheDefaultCatalogBackKeepsTheRealmOnTheDefaults() {
        adminCall("PUT", "/catalog", adminCall("GET", "/catalog", null).body());

        assertFalse(realm.admin().toRepresentation().getAttributes().containsKey(CATALOG_ATTRIBUTE),
                "a catalog sent back unchanged is not stored as the realm's own");
    }

    @Test
    void aCustomCatalogWithoutUserIdLabelsRoundTrips() {
        assertEquals(200, adminCall("PUT", "/catalog", CUSTOM_CATALOG).statusCode());
        HttpResponse<String> get = adminCall("GET", "/catalog", null);
        String custom = get.body();
        assertTrue(Http.json(get).at("/services/0").has("service_user_id_label"), custom);

        assertEquals(200, adminCall("PUT", "/catalog", custom).statusCode());
        assertEquals(custom, adminCall("GET", "/catalog", null).body());
    }

    @Test
    void editingOneCatalogMemberChangesOnlyIt() {
        ObjectNode catalog = (ObjectNode) Http.json(adminCall("GET", "/catalog", null));
        ((ObjectNode) catalog.at("/services/2")).put("label", "Trakt (ID)");

        assertEquals(200, adminCall("PUT", "/catalog", catalog.toString()).statusCode());

        assertEquals(catalog, Http.json(adminCall("GET", "/catalog", null)));
    }

    @Test
    void editingTheSettingChangesOnlyItAndUnknownMembersAreStillRefused() {
        ObjectNode settings = (ObjectNode) Http.json(adminCall("GET", "/settings", null));
        settings.put("owner_can_read_secret", !settings.get("owner_can_read_secret").booleanValue());
        assertEquals(200, adminCall("PUT", "/settings", settings.toString()).statusCode());
        assertEquals(settings, Http.json(adminCall("GET", "/settings", null)));

        HttpResponse<String> unknown = adminCall("PUT", "/settings", settings.deepCopy().put("owner_can_read", true)
                .toString());
        assertEquals(400, unknown.statusCode(), unknown.body());
        assertEquals("Unknown field.", Http.json(unknown).at("/owner_can_read/0").asText());
        assertEquals(settings, Http.json(adminCall("GET", "/settings", null)));
    }

    static Stream<Arguments> badCatalogs() {
        return Stream.of(
                Arguments.of("{", "/detail", "Malformed JSON"),
                Arguments.of("{}", "/services/0", "Must be a JSON array of services."),
                Arguments.of("{\"services\": []}", "/services/0", "Must hold 1 to 100 services."),
                Arguments.of("{\"services\": [1]}", "/services[0]/0", "Must be a JSON object."),
                Arguments.of("{\"services\": [{\"service_name\": \"Bad Name\", \"label\": \"x\","
                        + " \"api_key_label\": \"k\"}]}", "/services[0].service_name/0", "Use 1 to 50 lower-case"),
                Arguments.of("{\"services\": [{\"service_name\": \"a\", \"label\": \"x\", \"api_key_label\": \"k\"},"
                        + " {\"service_name\": \"a\", \"label\": \"y\", \"api_key_label\": \"k\"}]}",
                        "/services[1].service_name/0", "Duplicate service name 'a'."),
                Arguments.of("{\"services\": [{\"service_name\": \"a\", \"api_key_label\": \"k\"}]}",
                        "/services[0].label/0", "Label is required"),
                Arguments.of("{\"services\": [{\"service_name\": \"a\", \"label\": \"x\", \"api_key_label\": \"k\","
                        + " \"extra\": 1}]}", "/services[0].extra/0", "Unknown field."),
                Arguments.of("{\"services\": [{\"service_name\": \"a\", \"label\": \"" + "x".repeat(101) + "\","
                        + " \"api_key_label\": \"k\"}]}", "/services[0].label/0", "Ensure this field has no more"),
                Arguments.of("{\"services\": [], \"more\": 1}", "/more/0", "Unknown field."));
    }

    @ParameterizedTest(name = "[{index}] {2}")
    @MethodSource("badCatalogs")
    void badCatalogIsRejectedAndTheCatalogStays(String body, String pointer, String message) {
        String before = adminCall("GET", "/catalog", null).body();

        HttpResponse<String> response = adminCall("PUT", "/catalog", body);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(Http.json(response).at(pointer).asText().startsWith(message), response.body());
        assertEquals(before, adminCall("GET", "/catalog", null).body());
    }

    @Test
    void ownersReadTheirSecretBackOnlyWhenTheRealmAllowsIt() {
        String id = vault.created(alice, "{\"service_name\": \"psn\", \"api_key\": \"npsso-owner\"}");

        HttpResponse<String> forbidden = vault.secret(alice, id);
        assertEquals(403, forbidden.statusCode());
        assertEquals("Stored secrets are write-only in this realm", Vault.json(forbidden).get("detail").asText());

        assertEquals(200, adminCall("PUT", "/settings", "{\"owner_can_read_secret\": true}").statusCode());
        HttpResponse<String> allowed = vault.secret(alice, id);
        assertEquals(200, allowed.statusCode(), allowed.body());
        assertEquals("npsso-owner", Vault.json(allowed).get("api_key").asText());

        assertEquals(400, adminCall("PUT", "/settings", "{\"owner_can_read_secret\": \"yes\"}").statusCode());
        assertEquals(400, adminCall("PUT", "/settings", "{}").statusCode());
        vault.delete(alice, id);
    }

    @Test
    void adminListsAndDeletesAUsersCredentialsWithAnAdminEvent() {
        vault.created(alice, "{\"service_name\": \"trakt_client_secret\", \"api_key\": \"trakt-s\"}");

        HttpResponse<String> list = adminCall("GET", "/users/" + aliceId + "/credentials", null);
        assertEquals(200, list.statusCode());
        assertTrue(list.body().contains("trakt_client_secret"));
        assertTrue(!list.body().contains("trakt-s\""), "no secret in the admin list");

        assertEquals(204, adminCall("DELETE", "/users/" + aliceId + "/credentials/trakt_client_secret", null)
                .statusCode());
        assertEquals(404, adminCall("DELETE", "/users/" + aliceId + "/credentials/trakt_client_secret", null)
                .statusCode());
        assertEquals(404, adminCall("GET", "/users/no-such-user/credentials", null).statusCode());
        assertTrue(adminEvents().stream().anyMatch(e -> "DELETE".equals(e.getOperationType())
                && e.getResourcePath().endsWith("/credentials/trakt_client_secret")));
    }

    @Test
    void ordinaryUsersCannotUseTheAdminEndpoints() {
        for (String[] call : new String[][] {{"GET", "/catalog"}, {"PUT", "/settings"}, {"POST", "/reencrypt"},
                {"GET", "/users/" + aliceId + "/credentials"}}) {
            HttpResponse<String> response = vault.admin(call[0], call[1], alice, "{}");
            assertEquals(403, response.statusCode(), call[0] + " " + call[1] + " " + response.body());
        }
    }

    private List<AdminEventRepresentation> adminEvents() {
        return realm.admin().getAdminEvents();
    }

    private HttpResponse<String> adminCall(String method, String path, String body) {
        return vault.admin(method, path, admin.tokenManager().getAccessTokenString(), body);
    }
}
