package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * No plaintext key at rest: every column of every row of the key table, and of Keycloak's event and admin-event
 * tables, is scanned for each key issued (by a user, by an admin, by regeneration) and for its secret part alone.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyStorageIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void databaseHoldsNoPlaintextKey() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String adminToken = admin.tokenManager().getAccessTokenString();
        List<String> secrets = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            secrets.add(keys.created(alice, "{\"name\": \"scan " + i + "\", \"roles\": [\"reader\"]}").get("key")
                    .asText());
        }
        var byAdmin = keys.adminCreated(adminToken, "{\"name\": \"scan admin\", \"owner\": \"bob\","
                + " \"roles\": [\"auditor\"], \"notes\": \"created by admin\"}");
        secrets.add(byAdmin.get("key").asText());
        secrets.add(ApiKeys.expect(200, keys.admin("POST", "/keys/" + byAdmin.get("id").asText() + "/regenerate",
                adminToken, "{\"grace_period_seconds\": 600}")).get("key").asText());
        for (String secret : secrets) {
            ApiKeys.expect(200, keys.verify(secret));
            keys.exchange(secret);
        }
        keys.verify(secrets.get(0) + "x");

        List<String> stored = new ArrayList<>();
        for (String table : List.of("LK_API_KEY", "EVENT_ENTITY", "ADMIN_EVENT_ENTITY")) {
            stored.addAll(TestDatabaseSql.allValues(table));
        }
        assertTrue(TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY") >= 4);
        assertTrue(TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE PREVIOUS_HASH IS NOT NULL") >= 1);
        for (String secret : secrets) {
            String randomPart = secret.substring(secret.length() - 32, secret.length() - 6);
            for (String value : stored) {
                if (value != null) {
                    assertFalse(value.contains(secret), "plaintext key stored: " + value);
                    assertFalse(value.contains(randomPart), "the key's secret part stored: " + value);
                }
            }
        }
        // What is stored is a 43-character base64url HMAC, not a reversible encoding of the key.
        for (List<String> row : TestDatabaseSql.rows("SELECT SECRET_HASH, DISPLAY_PREFIX FROM LK_API_KEY")) {
            assertTrue(row.get(0).matches("[A-Za-z0-9_-]{43}"), row.get(0));
            assertTrue(row.get(1).matches("sk_(live|test)_[0-9A-Za-z]{4}\\.\\.\\."), row.get(1));
        }
        assertEquals(0, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY WHERE SECRET_HASH = PREVIOUS_HASH"));
    }
}
