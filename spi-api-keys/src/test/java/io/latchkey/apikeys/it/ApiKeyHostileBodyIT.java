package io.latchkey.apikeys.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.HostileBodies;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * Every body-taking API-key endpoint, self-service and admin, against the hostile bodies of {@link HostileBodies}:
 * 415, 400 or 413 with a sentence, never a 5xx, and no key stored or changed.
 */
@KeycloakIntegrationTest(config = ApiKeysServerConfig.class)
class ApiKeyHostileBodyIT {

    @InjectRealm(config = ApiKeysRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void hostileBodiesAreRefusedInWordsAndStoreNothing() throws Exception {
        ApiKeys keys = new ApiKeys(realm.getBaseUrl());
        String alice = Tokens.password(realm.getBaseUrl(), ApiKeysRealmConfig.ALICE, ApiKeysRealmConfig.PASSWORD);
        String adminToken = admin.tokenManager().getAccessTokenString();
        String id = keys.created(alice, "{\"name\": \"hostile target\", \"roles\": [\"reader\"]}").get("id").asText();
        String hash = TestDatabaseSql.rows("SELECT SECRET_HASH FROM LK_API_KEY WHERE ID = ?", id).toString();
        String settings = keys.admin("GET", "/settings", adminToken, null).body();
        long before = TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY");

        HostileBodies.check("POST", keys.base + "/keys", alice, "{\"name\": \"n\", \"roles\": [\"reader\"]}");
        HostileBodies.check("POST", keys.base + "/keys/" + id + "/regenerate", alice, "{\"grace_period_seconds\": 0}");
        HostileBodies.check("POST", keys.adminBase + "/keys", adminToken,
                "{\"name\": \"n\", \"owner\": \"alice\", \"roles\": [\"reader\"]}");
        HostileBodies.check("POST", keys.adminBase + "/keys/" + id + "/regenerate", adminToken,
                "{\"grace_period_seconds\": 0}");
        HostileBodies.check("PUT", keys.adminBase + "/settings", adminToken, "{\"prefix\": \"pe-\"}");

        assertEquals(before, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_API_KEY"), "no key stored");
        assertEquals(hash, TestDatabaseSql.rows("SELECT SECRET_HASH FROM LK_API_KEY WHERE ID = ?", id).toString(),
                "the target's secret unchanged");
        assertEquals(settings, keys.admin("GET", "/settings", adminToken, null).body(), "settings unchanged");
    }
}
