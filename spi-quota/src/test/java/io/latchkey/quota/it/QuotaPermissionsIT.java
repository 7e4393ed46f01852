package io.latchkey.quota.it;

import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.LatchkeyRealm;
import io.latchkey.testsupport.PermissionTable;
import io.latchkey.testsupport.Tokens;

/**
 * The quota module's permission table, principal by operation, on the real server: the self-service cells of
 * {@code QuotaPermissionEvaluator} and Keycloak's admin permissions on the admin endpoints, for users, keys, a key's
 * token, support staff and a user manager. Every refusal changes nothing: alice's plan is checked at the end.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaPermissionsIT {

    private static final String LOG = "{\"model\": \"m\", \"messages\": [{\"role\": \"user\", \"content\": \"hi\"}]}";

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;

    @BeforeEach
    void setUp() {
        quota = new Quota(realm.getBaseUrl());
        quota.admin("PUT", "/plans", admin.tokenManager().getAccessTokenString(), TestPlans.JSON);
    }

    @Test
    void everyPrincipalGetsExactlyItsRightsOnEveryOperation() {
        String alice = quota.token("alice");
        String logKey = key(alice, "[\"latchkey:quota:log\"]");
        String readKey = key(alice, "[\"latchkey:quota:read\"]");
        Map<String, String> tokens = new LinkedHashMap<>();
        tokens.put("alice", alice);
        tokens.put("alice via app not for Latchkey", Tokens.password(realm.getBaseUrl(), LatchkeyRealm.narrowApp(realm),
                "alice", QuotaRealmConfig.PASSWORD));
        tokens.put("key with quota:log", logKey);
        tokens.put("key with quota:read", readKey);
        tokens.put("token of the quota:read key", exchange(readKey));
        tokens.put("support staff", quota.token("staff"));
        tokens.put("user manager", quota.token("boss"));
        tokens.put("no credential", null);

        new PermissionTable()
                .operation("own quota", token -> Http.get(realm.getBaseUrl() + "/quota", token))
                .operation("log-message", token -> Quota.send("POST", realm.getBaseUrl() + "/quota/log-message", token,
                        LOG))
                .operation("admin: view alice", token -> quota.admin("GET", "/users/alice", token, null))
                .operation("admin: reset alice", token -> quota.admin("POST", "/users/alice/reset", token, null))
                .operation("admin: change alice's plan", token -> quota.admin("PUT", "/users/alice", token,
                        "{\"subscription_plan\": \"free\"}"))
                .operation("admin: plans", token -> quota.admin("GET", "/plans", token, null))
                .operation("admin: settings", token -> quota.admin("GET", "/settings", token, null))
                .expect("alice", 200, 202, 403, 403, 403, 403, 403)
                .expect("alice via app not for Latchkey", 401, 401, 403, 403, 403, 403, 403)
                .expect("key with quota:log", 403, 202, 401, 401, 401, 401, 401)
                .expect("key with quota:read", 200, 403, 401, 401, 401, 401, 401)
                .expect("token of the quota:read key", 200, 403, 403, 403, 403, 403, 403)
                .expect("support staff", 200, 202, 200, 200, 403, 403, 403)
                .expect("user manager", 200, 202, 200, 200, 200, 200, 200)
                .expect("no credential", 401, 401, 401, 401, 401, 401, 401)
                .check(tokens);
    }

    private String key(String token, String roles) {
        HttpResponse<String> created = Quota.send("POST", realm.getBaseUrl() + "/api-keys/keys", token,
                "{\"name\": \"quota " + System.nanoTime() + "\", \"roles\": " + roles + "}");
        return Quota.expect(201, created).get("key").asText();
    }

    private String exchange(String key) {
        HttpResponse<String> response = Http.postForm(realm.getBaseUrl() + "/protocol/openid-connect/token", Map.of(
                "grant_type", "urn:latchkey:params:oauth:grant-type:api-key", "client_id", Tokens.TEST_APP,
                "api_key", key));
        return Quota.expect(200, response).get("access_token").asText();
    }
}
