package io.latchkey.vault.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;
import io.latchkey.testsupport.UserRealmConfig;
import io.latchkey.vault.crypto.CredentialCipher;
import io.latchkey.vault.crypto.Keysets;

/** What is at rest, read with SQL from the server's own database: ciphertext bound to its row, rotatable keys. */
@KeycloakIntegrationTest(config = VaultServerConfig.class)
class EncryptionAtRestIT {

    private static final String TABLE = "LK_VAULT_CREDENTIAL";
    private static final List<String> SERVICES = List.of("spotify", "lastfm", "trakt_client_id",
            "trakt_client_secret", "steam", "psn", "xbox", "retroachievements");

    @InjectRealm(config = VaultRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Vault vault;
    private String alice;
    private String bob;

    @BeforeEach
    void signIn() {
        vault = new Vault(realm.getBaseUrl());
        alice = Tokens.password(realm.getBaseUrl(), UserRealmConfig.ALICE, UserRealmConfig.PASSWORD);
        bob = Tokens.password(realm.getBaseUrl(), UserRealmConfig.BOB, UserRealmConfig.PASSWORD);
        vault.clear(alice);
        vault.clear(bob);
    }

    @Test
    void noColumnOfTheTableHoldsAPlaintextSecret() throws Exception {
        List<String> secrets = new ArrayList<>();
        for (String service : SERVICES) {
            for (String token : List.of(alice, bob)) {
                String secret = "plaintext-" + service + "-" + UUID.randomUUID();
                secrets.add(secret);
                vault.created(token, "{\"service_name\": \"" + service + "\", \"api_key\": \"" + secret + "\"}");
            }
        }

        List<String> atRest = new ArrayList<>(TestDatabaseSql.allValues(TABLE));
        int vaultValues = atRest.size();
        // Keycloak's own event tables get the vault's events: they must not carry the secret either.
        atRest.addAll(TestDatabaseSql.allValues("EVENT_ENTITY"));
        atRest.addAll(TestDatabaseSql.allValues("ADMIN_EVENT_ENTITY"));

        assertTrue(vaultValues >= secrets.size() * 10, "scanned every column of every row");
        for (String secret : secrets) {
            assertTrue(atRest.stream().noneMatch(v -> v != null && v.contains(secret)), secret + " is at rest");
            assertTrue(atRest.stream().noneMatch(v -> v != null && v.contains(secret.substring(10, 30))),
                    "no fragment of " + secret + " is at rest");
        }
    }

    @Test
    void ciphertextsSwappedBetweenRowsFailToDecryptCleanly() throws Exception {
        vault.created(alice, "{\"service_name\": \"spotify\", \"api_key\": \"alice-spotify\"}");
        vault.created(bob, "{\"service_name\": \"spotify\", \"api_key\": \"bob-spotify\"}");
        String aliceId = userId(UserRealmConfig.ALICE);
        String bobId = userId(UserRealmConfig.BOB);

        String aliceCipher = ciphertext(aliceId, "spotify");
        String bobCipher = ciphertext(bobId, "spotify");
        setCiphertext(aliceId, "spotify", bobCipher);
        setCiphertext(bobId, "spotify", aliceCipher);

        for (String token : List.of(alice, bob)) {
            HttpResponse<String> response = vault.verify(token, "{\"service_name\": \"spotify\"}");
            assertEquals(409, response.statusCode(), response.body());
            assertEquals("undecryptable", Vault.json(response).get("status").asText());
            assertTrue(Vault.json(response).get("detail").asText().contains("Store it again"));
            assertFalse(response.body().contains("spotify\":"), "no secret in the answer");
        }
        String curator = Tokens.clientCredentials(realm.getBaseUrl(), VaultRealmConfig.READER_CLIENT,
                VaultRealmConfig.CLIENT_SECRET);
        assertEquals(409, vault.backendRead(curator, aliceId, "spotify").statusCode());
        String adminToken = admin.tokenManager().getAccessTokenString();
        assertEquals(200, vault.admin("PUT", "/settings", adminToken, "{\"owner_can_read_secret\": true}")
                .statusCode());
        try {
            String swapped = Vault.json(vault.list(alice)).get(0).get("id").asText();
            HttpResponse<String> secret = vault.secret(alice, swapped);
            assertEquals(409, secret.statusCode(), "the owner's read of an undecryptable secret: " + secret.body());
        } finally {
            vault.admin("PUT", "/settings", adminToken, "{\"owner_can_read_secret\": false}");
        }

        // Storing it again heals the row.
        String id = Vault.json(vault.list(alice)).get(0).get("id").asText();
        vault.put(alice, id, "{\"service_name\": \"spotify\", \"api_key\": \"alice-spotify-2\"}");
        assertEquals(200, vault.verify(alice, "{\"service_name\": \"spotify\"}").statusCode());
    }

    @Test
    void rotationKeepsOldCiphertextsReadableAndReencryptionMovesEveryRow() throws Exception {
        for (String service : List.of("spotify", "steam", "psn")) {
            vault.created(alice, "{\"service_name\": \"" + service + "\", \"api_key\": \"" + service + "-secret\"}");
        }
        long oldPrimary = new CredentialCipher(Keysets.read(VaultServerConfig.KEYSET)).primaryKeyId();
        assertEquals(Set.of(Long.toString(oldPrimary)), keyIds());

        // The operator adds a new primary key by replacing the keyset file; the server re-reads it.
        Keysets.write(Keysets.rotate(Keysets.read(VaultServerConfig.KEYSET)), VaultServerConfig.KEYSET);
        Files.setLastModifiedTime(VaultServerConfig.KEYSET, FileTime.from(Instant.now().plusSeconds(5)));
        long newPrimary = new CredentialCipher(Keysets.read(VaultServerConfig.KEYSET)).primaryKeyId();
        assertNotEquals(oldPrimary, newPrimary);
        Thread.sleep(1500);

        String curator = Tokens.clientCredentials(realm.getBaseUrl(), VaultRealmConfig.READER_CLIENT,
                VaultRealmConfig.CLIENT_SECRET);
        HttpResponse<String> old = vault.backendRead(curator, userId(UserRealmConfig.ALICE), "steam");
        assertEquals(200, old.statusCode(), old.body());
        assertEquals("steam-secret", Vault.json(old).get("api_key").asText());

        vault.created(alice, "{\"service_name\": \"xbox\", \"api_key\": \"xbox-secret\"}");
        assertEquals(Set.of(Long.toString(oldPrimary), Long.toString(newPrimary)), keyIds());

        JsonNode first = reencrypt();
        assertEquals(3, first.get("reencrypted").asInt(), first.toString());
        assertEquals(4, first.get("total").asInt());
        assertEquals(0, first.get("undecryptable").asInt());
        assertEquals(newPrimary, first.get("primary_key_id").asLong());
        assertEquals(Set.of(Long.toString(newPrimary)), keyIds());
        for (String service : List.of("spotify", "steam", "psn", "xbox")) {
            assertEquals(service + "-secret", Vault.json(
                    vault.backendRead(curator, userId(UserRealmConfig.ALICE), service)).get("api_key").asText());
        }
        assertEquals(0, reencrypt().get("reencrypted").asInt(), "a second run has nothing to move");
    }

    @Test
    void deletingTheUserRemovesTheirCredentials() throws Exception {
        String carolId = realm.admin().users().create(
                        org.keycloak.testframework.realm.UserBuilder.create("carol").name("carol", "Tester")
                                .email("carol@latchkey.test").emailVerified(true).password(UserRealmConfig.PASSWORD)
                                .build())
                .getLocation().getPath().replaceAll(".*/", "");
        String carol = Tokens.password(realm.getBaseUrl(), "carol", UserRealmConfig.PASSWORD);
        vault.created(carol, "{\"service_name\": \"spotify\", \"api_key\": \"carol-secret\"}");
        vault.created(carol, "{\"service_name\": \"xbox\", \"api_key\": \"carol-xbox\"}");
        assertEquals(2, TestDatabaseSql.count("SELECT COUNT(*) FROM " + TABLE + " WHERE USER_ID = ?", carolId));

        realm.admin().users().get(carolId).remove();

        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM " + TABLE + " WHERE USER_ID = ?", carolId));
    }

    @Test
    void deletingTheRealmRemovesItsCredentials() throws Exception {
        org.keycloak.representations.idm.RealmRepresentation doomed = new org.keycloak.representations.idm
                .RealmRepresentation();
        doomed.setRealm("vault-doomed");
        doomed.setEnabled(true);
        doomed.setClients(List.of(Tokens.testApp().build()));
        admin.realms().create(doomed);
        // Created after the realm, so dave gets the realm's default roles, Latchkey's among them.
        admin.realm("vault-doomed").users().create(org.keycloak.testframework.realm.UserBuilder.create("dave")
                .name("dave", "Tester").email("dave@latchkey.test").emailVerified(true)
                .password(UserRealmConfig.PASSWORD).build()).close();
        String realmId = admin.realm("vault-doomed").toRepresentation().getId();
        try {
            String realmUrl = realm.getBaseUrl().replaceAll("/realms/.*", "/realms/vault-doomed");
            Vault doomedVault = new Vault(realmUrl);
            String dave = Tokens.password(realmUrl, "dave", UserRealmConfig.PASSWORD);
            doomedVault.created(dave, "{\"service_name\": \"spotify\", \"api_key\": \"dave-secret\"}");
            assertEquals(1, TestDatabaseSql.count("SELECT COUNT(*) FROM " + TABLE + " WHERE REALM_ID = ?", realmId));
        } finally {
            admin.realm("vault-doomed").remove();
        }

        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM " + TABLE + " WHERE REALM_ID = ?", realmId));
    }

    private JsonNode reencrypt() {
        HttpResponse<String> response = vault.admin("POST", "/reencrypt", admin.tokenManager().getAccessTokenString(),
                null);
        assertEquals(200, response.statusCode(), response.body());
        return Http.json(response);
    }

    private Set<String> keyIds() throws Exception {
        return TestDatabaseSql.rows("SELECT KEY_ID FROM " + TABLE + " WHERE REALM_ID = ?", realm.getId()).stream()
                .map(row -> row.get(0)).collect(Collectors.toSet());
    }

    private String userId(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String ciphertext(String userId, String service) throws Exception {
        return TestDatabaseSql.rows("SELECT SECRET_CIPHERTEXT FROM " + TABLE
                + " WHERE REALM_ID = ? AND USER_ID = ? AND SERVICE_NAME = ?", realm.getId(), userId, service)
                .get(0).get(0);
    }

    private void setCiphertext(String userId, String service, String ciphertext) throws Exception {
        assertEquals(1, TestDatabaseSql.update("UPDATE " + TABLE + " SET SECRET_CIPHERTEXT = ?"
                + " WHERE REALM_ID = ? AND USER_ID = ? AND SERVICE_NAME = ?", ciphertext, realm.getId(), userId,
                service));
    }
}
