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
 * A privileged backend reads one user's decrypted credential, as integrations of the legacy credential service did;
 * nobody else can.
 */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class BackendReadIT {

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    private Vault vault;
    private String aliceId;
    private String curator;

    @BeforeEach
    void aliceStoresLastfm() {
        vault = new Vault(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        if (vault.verify(alice, "{\"service_name\": \"lastfm\"}").statusCode() == 404) {
            vault.created(alice, "{\"service_name\": \"lastfm\", \"api_key\": \"lastfm-api-key-9\","
                    + " \"service_user_id\": \"alice_fm\", \"metadata\": {\"scope\": \"read\"}}");
        }
        aliceId = realm.admin().users().search(UserRealmConfig.ALICE, true).get(0).getId();
        curator = Tokens.clientCredentials(realm.getBaseUrl(), VaultRealmConfig.READER_CLIENT,
                VaultRealmConfig.CLIENT_SECRET);
    }

    @Test
    void readerClientGetsTheDecryptedCredentialAndTheReadIsAnEvent() {
        HttpResponse<String> response = vault.backendRead(curator, aliceId, "lastfm");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = Vault.json(response);
        assertEquals("lastfm-api-key-9", body.get("api_key").asText());
        assertEquals("alice_fm", body.get("service_user_id").asText());
        assertEquals("read", body.get("metadata").get("scope").asText());
        assertEquals(aliceId, body.get("user_id").asText());

        List<EventRepresentation> events = realm.admin().getEvents(List.of("IDENTITY_PROVIDER_RETRIEVE_TOKEN"), null,
                aliceId, null, null, null, 0, 50);
        EventRepresentation read = events.stream().filter(e -> "lastfm".equals(e.getDetails().get("service_name")))
                .findFirst().orElseThrow(() -> new AssertionError("no read event: " + events));
        assertEquals(VaultRealmConfig.READER_CLIENT, read.getClientId());
        assertEquals("service-account-" + VaultRealmConfig.READER_CLIENT, read.getDetails().get("reader"));
        assertFalse(read.getDetails().toString().contains("lastfm-api-key-9"));
    }

    @Test
    void clientWithoutTheRoleAndUsersAreForbidden() {
        String other = Tokens.clientCredentials(realm.getBaseUrl(), VaultRealmConfig.OTHER_CLIENT,
                VaultRealmConfig.CLIENT_SECRET);
        String alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);

        for (String token : List.of(other, alice)) {
            HttpResponse<String> response = vault.backendRead(token, aliceId, "lastfm");
            assertEquals(403, response.statusCode(), response.body());
            assertTrue(Vault.json(response).get("detail").asText().contains("credential-vault-reader"));
            assertFalse(response.body().contains("lastfm-api-key-9"));
        }
        assertEquals(401, vault.backendRead(null, aliceId, "lastfm").statusCode());
    }

    @Test
    void unknownUserOrServiceIsNotFound() {
        for (HttpResponse<String> response : List.of(
                vault.backendRead(curator, "00000000-0000-0000-0000-000000000000", "lastfm"),
                vault.backendRead(curator, aliceId, "spotify"),
                vault.backendRead(curator, aliceId, "no-such-service"))) {
            assertEquals(404, response.statusCode(), response.body());
            assertEquals("{\"detail\":\"Not found\"}", response.body());
        }
    }
}
