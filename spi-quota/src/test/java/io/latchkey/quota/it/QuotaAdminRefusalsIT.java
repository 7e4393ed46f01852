package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * What the admin endpoints answer when they refuse, with the body the OpenAPI document promises: Keycloak's own
 * {@code {"error": ...}} for a missing or foreign token and for missing admin rights, ours ({@code {"detail": ...}})
 * for an absent user, key or quota and for a body of another type on the body-less actions. Nothing changes.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaAdminRefusalsIT {

    private static final String[][] OPERATIONS = {
        {"GET", "/plans", null}, {"PUT", "/plans", TestPlans.JSON}, {"GET", "/settings", null},
        {"PUT", "/settings", "{}"}, {"GET", "/users/bob", null}, {"PUT", "/users/bob", "{}"},
        {"POST", "/users/bob/reset", null}, {"PUT", "/users/bob/quotas/credits", "{\"used\": 1}"},
        {"POST", "/users/bob/quotas/credits/increment", "{\"amount\": 1}"}, {"PUT", "/keys/KEY/limits", "{}"},
        {"POST", "/reset-limits", null}, {"GET", "/usage", null}, {"POST", "/messages/retention", null}};

    @InjectRealm(config = QuotaRealmConfig.class)
    ManagedRealm realm;

    @InjectAdminClient
    Keycloak admin;

    private Quota quota;
    private String adminToken;

    @BeforeEach
    void testPlans() {
        quota = new Quota(realm.getBaseUrl());
        adminToken = admin.tokenManager().getAccessTokenString();
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON));
    }

    @Test
    void keycloakRefusesMissingForeignAndPowerlessTokensBeforeQuotaRuns() throws Exception {
        String keyId = Quota.expect(200, quota.verify(quota.key("bob"), "?dry_run=true")).get("key_id").asText();
        String alice = quota.token("alice");
        String before = state();
        List<String> wrong = new ArrayList<>();
        for (String[] op : OPERATIONS) {
            String path = op[1].replace("KEY", keyId);
            expectKeycloak(wrong, op[0] + " " + path + " without a token", 401,
                    quota.admin(op[0], path, null, op[2]));
            expectKeycloak(wrong, op[0] + " " + path + " with a foreign token", 401,
                    quota.admin(op[0], path, "not-a-token", op[2]));
            expectKeycloak(wrong, op[0] + " " + path + " as alice", 403,
                    quota.admin(op[0], path, alice, op[2]));
        }
        assertEquals(List.of(), wrong);
        assertEquals(before, state(), "nothing changed");
    }

    @Test
    void keycloakAnswersForARealmThatDoesNotExist() {
        String base = quota.adminBase.replace("/admin/realms/" + realm.getName() + "/", "/admin/realms/no-such-realm/");
        List<String> wrong = new ArrayList<>();
        for (String[] op : OPERATIONS) {
            String path = op[1].replace("KEY", "some-key");
            expectKeycloak(wrong, op[0] + " " + path, 404, Quota.send(op[0], base + path, adminToken, op[2]));
        }
        assertEquals(List.of(), wrong);
    }

    @Test
    void absentUsersKeysAndQuotasAreNotFound() throws Exception {
        String before = state();
        String[][] absent = {{"GET", "/users/nobody", null}, {"PUT", "/users/nobody", "{}"},
            {"POST", "/users/nobody/reset", null}, {"PUT", "/users/nobody/quotas/credits", "{\"used\": 1}"},
            {"PUT", "/users/bob/quotas/nope", "{\"used\": 1}"},
            {"POST", "/users/nobody/quotas/credits/increment", "{\"amount\": 1}"},
            {"POST", "/users/bob/quotas/nope/increment", "{\"amount\": 1}"},
            {"PUT", "/keys/no-such-key/limits", "{\"credits\": 1}"}};
        for (String[] op : absent) {
            HttpResponse<String> response = quota.admin(op[0], op[1], adminToken, op[2]);
            assertEquals(404, response.statusCode(), op[0] + " " + op[1] + ": " + response.body());
            assertTrue(Http.json(response).path("detail").isTextual(), response.body());
        }
        assertEquals(before, state(), "nothing changed");
    }

    @Test
    void bodyLessActionsRefuseABodyOfAnotherType() throws Exception {
        Quota.expect(200, quota.admin("PUT", "/users/bob/quotas/credits", adminToken, "{\"used\": 2}"));
        String before = state();
        for (String path : List.of("/users/bob/reset", "/reset-limits", "/messages/retention")) {
            HttpResponse<String> response = Http.send(HttpRequest.newBuilder(URI.create(quota.adminBase + path))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + adminToken)
                    .header("Content-Type", "text/plain").POST(HttpRequest.BodyPublishers.ofString("reset")).build());
            assertEquals(415, response.statusCode(), path + ": " + response.body());
            assertTrue(Http.json(response).path("detail").isTextual(), response.body());
        }
        assertEquals(before, state(), "nothing reset");
    }

    @Test
    void usageRefusesDaysThatAreNotDates() {
        for (String query : List.of("?from=yesterday", "?to=2026-13-01", "?from=2026-02-01&to=2026-01-01")) {
            HttpResponse<String> response = quota.admin("GET", "/usage" + query, adminToken, null);
            assertEquals(400, response.statusCode(), query + ": " + response.body());
            JsonNode body = Http.json(response);
            assertTrue(body.path("from").isArray() || body.path("to").isArray(), response.body());
        }
    }

    private static void expectKeycloak(List<String> wrong, String what, int status, HttpResponse<String> response) {
        JsonNode body = response.body().isEmpty() ? null : Http.json(response);
        if (response.statusCode() != status || body == null || !body.path("error").isTextual()) {
            wrong.add(what + ": " + response.statusCode() + " " + response.body());
        }
    }

    private String state() throws Exception {
        return "" + TestDatabaseSql.rows("SELECT ID, USED, WINDOW_START, LIMIT_OVERRIDE FROM LK_QUOTA_COUNTER"
                + " ORDER BY ID") + TestDatabaseSql.rows("SELECT NAME, VALUE FROM REALM_ATTRIBUTE WHERE REALM_ID = ?"
                + " ORDER BY NAME", realm.getId());
    }
}
