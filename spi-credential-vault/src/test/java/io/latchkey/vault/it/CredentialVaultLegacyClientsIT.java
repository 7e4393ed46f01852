package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.representations.idm.EventRepresentation;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;

/**
 * What clients of the legacy credential service sent, on the new paths, gets the answers they were written for:
 * the same shapes, statuses and messages, so they only change their base URL and token.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class CredentialVaultLegacyClientsIT {

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    private Vault vault;
    private String alice;

    @BeforeEach
    void signIn() {
        vault = new Vault(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        vault.clear(alice);
    }

    @Test
    void createReturnsTheLegacyShapeWithoutTheSecret() {
        HttpResponse<String> response = vault.create(alice,
                "{\"service_name\": \"spotify\", \"api_key\": \"BQC4YXsKD8...\", \"service_user_id\": null}");

        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = Vault.json(response);
        assertEquals("spotify", body.get("service_name").asText());
        assertTrue(body.has("service_user_id") && body.get("service_user_id").isNull());
        assertTrue(body.get("created_at").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));
        assertEquals(body.get("created_at"), body.get("updated_at"));
        assertFalse(response.body().contains("BQC4YXsKD8"), "the secret is never returned");
        assertTrue(response.headers().firstValue("Location").orElseThrow().endsWith(body.get("id").asText()));
    }

    @Test
    void listShowsEveryServiceOldestFirstAndNeverASecret() {
        vault.created(alice, "{\"service_name\": \"spotify\", \"api_key\": \"spotify-token-1\"}");
        vault.created(alice, "{\"service_name\": \"lastfm\", \"api_key\": \"lastfm-key-1\","
                + " \"service_user_id\": \"username\"}");

        HttpResponse<String> response = vault.list(alice);

        assertEquals(200, response.statusCode());
        JsonNode list = Vault.json(response);
        assertEquals(2, list.size());
        assertEquals("spotify", list.get(0).get("service_name").asText());
        assertEquals("username", list.get(1).get("service_user_id").asText());
        assertFalse(response.body().contains("spotify-token-1") || response.body().contains("lastfm-key-1"));
        assertEquals("[\"spotify\",\"lastfm\"]", vault.services(alice).body());
    }

    @Test
    void putReplacesEveryFieldAndKeepsTheId() {
        String id = vault.created(alice, "{\"service_name\": \"steam\", \"api_key\": \"old\","
                + " \"service_user_id\": \"7656119\", \"metadata\": {\"region\": \"eu\"}}");

        HttpResponse<String> response = vault.put(alice, id,
                "{\"service_name\": \"steam\", \"api_key\": \"new_token_here\", \"service_user_id\": null}");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Vault.json(response);
        assertEquals(id, body.get("id").asText());
        assertTrue(body.get("service_user_id").isNull(), "a full replace clears omitted optional fields");
        assertEquals(0, body.get("metadata").size());
    }

    @Test
    void deleteAnswers204AndTheCredentialIsGone() {
        String id = vault.created(alice, "{\"service_name\": \"psn\", \"api_key\": \"npsso\"}");

        HttpResponse<String> response = vault.delete(alice, id);

        assertEquals(204, response.statusCode());
        assertEquals("", response.body());
        assertEquals(404, vault.get(alice, id).statusCode());
        assertEquals("[]", vault.services(alice).body());
    }

    @Test
    void verifyIsValidForAStoredServiceAndNotFoundOtherwise() {
        vault.created(alice, "{\"service_name\": \"xbox\", \"api_key\": \"openxbl\", \"service_user_id\": \"2533\"}");

        HttpResponse<String> valid = vault.verify(alice, "{\"service_name\": \"xbox\"}");
        HttpResponse<String> absent = vault.verify(alice, "{\"service_name\": \"spotify\"}");

        assertEquals(200, valid.statusCode());
        assertEquals("{\"status\":\"valid\"}", valid.body());
        assertEquals(404, absent.statusCode());
        assertEquals("not_found", Vault.json(absent).get("status").asText());
        assertEquals("No credential stored for service 'spotify'", Vault.json(absent).get("detail").asText());
    }

    @Test
    void duplicateServiceIsRefusedWithTheLegacyMessage() {
        vault.created(alice, "{\"service_name\": \"trakt_client_id\", \"api_key\": \"id-1\"}");

        HttpResponse<String> response = vault.create(alice,
                "{\"service_name\": \"trakt_client_id\", \"api_key\": \"id-2\"}");

        assertEquals(400, response.statusCode());
        assertEquals("API key with this service name already exists",
                Vault.json(response).get("service_name").get(0).asText());
        assertEquals(1, Vault.json(vault.list(alice)).size());
    }

    @Test
    void concurrentCreatesOfOneServiceStoreExactlyOne() throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<HttpResponse<String>>> futures = new java.util.ArrayList<>();
            for (int i = 0; i < 16; i++) {
                String body = "{\"service_name\": \"steam\", \"api_key\": \"race-" + i + "\"}";
                futures.add(pool.submit(() -> vault.create(alice, body)));
            }
            int created = 0;
            for (java.util.concurrent.Future<HttpResponse<String>> future : futures) {
                HttpResponse<String> response = future.get();
                if (response.statusCode() == 201) {
                    created++;
                } else {
                    assertEquals(400, response.statusCode(), "never a 5xx: " + response.body());
                    assertEquals("API key with this service name already exists",
                            Vault.json(response).get("service_name").get(0).asText());
                }
            }
            assertEquals(1, created);
            assertEquals("[\"steam\"]", vault.services(alice).body());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void missingTokenAndBadTokenGiveTheLegacyMessages() {
        assertEquals("Authentication credentials were not provided",
                Vault.json(vault.list(null)).get("detail").asText());
        HttpResponse<String> invalid = vault.list("not-a-jwt");
        assertEquals(401, invalid.statusCode());
        assertEquals("Invalid token", Vault.json(invalid).get("detail").asText());
    }

    @Test
    void writesAreKeycloakEventsWithoutTheSecret() {
        String id = vault.created(alice, "{\"service_name\": \"retroachievements\", \"api_key\": \"ra-secret-77\","
                + " \"service_user_id\": \"ra-user\"}");
        vault.delete(alice, id);

        List<EventRepresentation> events = realm.admin().getEvents(List.of("UPDATE_CREDENTIAL", "REMOVE_CREDENTIAL"),
                null, null, null, null, null, 0, 100);

        assertTrue(events.stream().anyMatch(e -> "UPDATE_CREDENTIAL".equals(e.getType())
                && "retroachievements".equals(e.getDetails().get("service_name"))
                && "latchkey-credential-vault".equals(e.getDetails().get("credential_type"))));
        assertTrue(events.stream().anyMatch(e -> "REMOVE_CREDENTIAL".equals(e.getType())));
        assertTrue(events.stream().noneMatch(e -> e.toString().contains("ra-secret-77")
                || String.valueOf(e.getDetails()).contains("ra-secret-77")));
    }
}
