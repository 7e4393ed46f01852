package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.HostileBodies;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * Every body-taking quota endpoint, the message log's and the admin's, against the hostile bodies of
 * {@link HostileBodies}: 415, 400 or 413 with a sentence, never a 5xx, and nothing logged, stored or changed.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaHostileBodyIT {

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    @Test
    void hostileBodiesAreRefusedInWordsAndStoreNothing() throws Exception {
        Quota quota = new Quota(realm.getBaseUrl());
        String adminToken = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON));
        String key = quota.key("alice");
        String keyId = Quota.expect(200, quota.verify(key, "?dry_run=true")).get("key_id").asText();
        String plans = quota.admin("GET", "/plans", adminToken, null).body();
        String settings = quota.admin("GET", "/settings", adminToken, null).body();
        JsonNode alice = Quota.withoutResetTimes(Quota.expect(200, quota.admin("GET", "/users/alice", adminToken,
                null)));
        long messages = TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG");
        String admin = realm.getBaseUrl().replace("/realms/", "/admin/realms/") + "/quota";

        HostileBodies.check("POST", realm.getBaseUrl() + "/quota/log-message", key,
                "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}");
        HostileBodies.check("PUT", admin + "/plans", adminToken, TestPlans.JSON);
        HostileBodies.check("PUT", admin + "/settings", adminToken, "{\"rate_limit_per_minute\": 5}");
        HostileBodies.check("PUT", admin + "/users/alice", adminToken, "{\"subscription_plan\": \"premium\"}");
        HostileBodies.check("PUT", admin + "/users/alice/quotas/credits", adminToken, "{\"used\": 3}");
        HostileBodies.check("POST", admin + "/users/alice/quotas/credits/increment", adminToken, "{\"amount\": 3}");
        HostileBodies.check("PUT", admin + "/keys/" + keyId + "/limits", adminToken, "{\"credits\": 2}");

        assertEquals(plans, quota.admin("GET", "/plans", adminToken, null).body(), "plans unchanged");
        assertEquals(settings, quota.admin("GET", "/settings", adminToken, null).body(), "settings unchanged");
        assertEquals(alice, Quota.withoutResetTimes(Quota.expect(200, quota.admin("GET", "/users/alice", adminToken,
                null))), "alice's quota unchanged");
        Thread.sleep(2_500);
        assertEquals(messages, TestDatabaseSql.count("SELECT COUNT(*) FROM LK_MESSAGE_LOG"), "nothing logged");
    }
}
