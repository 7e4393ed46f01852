package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;

/**
 * The legacy conversation-quota service's admin side: a user's plan and limits, reset of one user or everyone, set and increment; support staff
 * may view and reset but not change plans. Bad input is a 400 with field errors that changes nothing.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaAdminIT {

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
        Quota.expect(200, quota.admin("PUT", "/users/bob", adminToken,
                "{\"subscription_plan\": \"free\", \"limits\": {\"conversation_limit\": null}}"));
        Quota.expect(200, quota.admin("POST", "/users/bob/reset", adminToken, null));
    }

    @Test
    void adminChangesPlanAndLimitsAsTheLegacyServiceDid() throws Exception {
        String key = quota.key("bob");
        String boss = quota.token("boss");

        JsonNode updated = Quota.expect(200, quota.admin("PUT", "/users/bob", boss,
                "{\"subscription_plan\": \"premium\", \"limits\": {\"conversation_limit\": 3}}"));

        assertEquals("premium", updated.get("subscription_plan").asText());
        assertEquals(3, updated.at("/quotas/0/limit").asLong());
        assertEquals(3, updated.at("/quotas/0/override").asLong());
        assertEquals("premium", TestDatabaseSql.rows("SELECT VALUE FROM USER_ATTRIBUTE WHERE NAME = 'subscription_plan'"
                + " AND USER_ID = ?", bobId()).get(0).get(0), "the plan is the user attribute the legacy service named");
        Quota.expect(200, quota.verify(key, ""));
        Quota.expect(200, quota.verify(key, ""));
        assertEquals(0, Quota.expect(200, quota.verify(key, "")).get("remaining").asLong());
        Quota.expect(429, quota.verify(key, ""));
    }

    @Test
    void setIncrementAndResetOneUserOrEveryone() {
        String key = quota.key("bob");
        Quota.expect(200, quota.verify(key, ""));

        JsonNode set = Quota.expect(200, quota.admin("PUT", "/users/bob/quotas/conversation_limit", adminToken,
                "{\"used\": 8}"));
        JsonNode incremented = Quota.expect(200, quota.admin("POST", "/users/bob/quotas/conversation_limit/increment",
                adminToken, "{\"amount\": 1}"));
        assertEquals(8, set.get("used").asLong());
        assertEquals(1, incremented.get("remaining").asLong());
        assertEquals(0, Quota.expect(200, quota.verify(key, "")).get("remaining").asLong());

        JsonNode all = Quota.expect(200, quota.admin("POST", "/reset-limits", adminToken, null));
        assertTrue(all.get("reset").asInt() >= 1);
        assertEquals(9, Quota.expect(200, quota.verify(key, "")).get("remaining").asLong());
    }

    @Test
    void staffMayViewAndResetButNotChangePlans() {
        String staff = quota.token("staff");
        Quota.expect(200, quota.verify(quota.key("bob"), ""));

        assertEquals(200, quota.admin("GET", "/users/bob", staff, null).statusCode());
        assertEquals(200, quota.admin("POST", "/users/bob/reset", staff, null).statusCode());
        assertEquals(200, quota.admin("POST", "/reset-limits", staff, null).statusCode());
        assertEquals(403, quota.admin("PUT", "/users/bob", staff, "{\"subscription_plan\": \"premium\"}").statusCode());
        assertEquals(403, quota.admin("PUT", "/users/bob/quotas/conversation_limit", staff, "{\"used\": 0}")
                .statusCode());
        assertEquals(403, quota.admin("PUT", "/plans", staff, TestPlans.JSON).statusCode());
        assertEquals("free", Http.json(quota.admin("GET", "/users/bob", staff, null)).get("subscription_plan")
                .asText());
    }

    @Test
    void usersCannotReachTheAdminApiButSeeTheirOwnQuota() {
        String bob = quota.token("bob");

        assertEquals(403, quota.admin("GET", "/users/bob", bob, null).statusCode());
        assertEquals(403, quota.admin("POST", "/users/bob/reset", bob, null).statusCode());
        JsonNode mine = Quota.expect(200, Quota.send("GET", realm.getBaseUrl() + "/quota", bob, null));
        assertEquals("free", mine.get("subscription_plan").asText());
        assertEquals("conversation_limit", mine.at("/quotas/0/quota").asText());
    }

    @Test
    void aKeyMayHaveItsOwnLimitOnTopOfItsOwners() throws Exception {
        String bob = quota.token("bob");
        JsonNode created = Quota.expect(201, Quota.send("POST", realm.getBaseUrl() + "/api-keys/keys", bob,
                "{\"name\": \"capped\", \"roles\": [\"reader\"]}"));
        String key = created.get("key").asText();
        Quota.expect(200, quota.admin("PUT", "/keys/" + created.get("id").asText() + "/limits", adminToken,
                "{\"conversation_limit\": 1}"));

        assertEquals(0, Quota.expect(200, quota.verify(key, "")).get("remaining").asLong());
        Quota.expect(429, quota.verify(key, ""));
        assertEquals(8, Quota.expect(200, quota.verify(quota.key("bob"), "")).get("remaining").asLong(),
                "bob's other keys still have the rest of bob's quota");
    }

    static Stream<Arguments> badAdminRequests() {
        return Stream.of(
                Arguments.of("PUT", "/plans", "{", "/detail", "Malformed JSON"),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"free\", \"default_quota\": \"x\", \"plans\": []}",
                        "/plans/0", "Must be a list of 1 to 20 plans."),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"gold\", \"default_quota\": \"c\", \"plans\":"
                        + " [{\"name\": \"free\", \"quotas\": [{\"name\": \"c\", \"amount\": 1}]}]}",
                        "/default_plan/0", "Must name one of the plans."),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"free\", \"default_quota\": \"c\", \"plans\":"
                        + " [{\"name\": \"free\", \"quotas\": [{\"name\": \"c\", \"amount\": -1}]}]}",
                        "/plans[0].quotas[0].amount/0", "Must be a whole number from 0 to 1000000000."),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"free\", \"default_quota\": \"c\", \"plans\":"
                        + " [{\"name\": \"free\", \"quotas\": [{\"name\": \"c\", \"amount\": 1, \"refill\": \"hourly\"}]}]}",
                        "/plans[0].quotas[0].refill/0", "Must be daily, monthly or interval."),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"free\", \"default_quota\": \"c\", \"plans\":"
                        + " [{\"name\": \"Free Plan\", \"quotas\": [{\"name\": \"c\", \"amount\": 1}]}]}",
                        "/plans[0].name/0", "Must be 1 to 32 lower-case letters"),
                Arguments.of("PUT", "/plans", "{\"default_plan\": \"free\", \"default_quota\": \"c\","
                        + " \"daily_reset_utc\": \"25:00\", \"plans\": [{\"name\": \"free\", \"quotas\":"
                        + " [{\"name\": \"c\", \"amount\": 1}]}]}", "/daily_reset_utc/0", "Must be a UTC time of day"),
                Arguments.of("PUT", "/users/bob", "{\"subscription_plan\": \"gold\"}", "/subscription_plan/0",
                        "Unknown plan 'gold'."),
                Arguments.of("PUT", "/users/bob", "{\"subscription_plan\": 1}", "/subscription_plan/0",
                        "Must be a string."),
                Arguments.of("PUT", "/users/bob", "{\"limits\": {\"conversation_limit\": \"100\"}}", "/limits/0",
                        "The limit of 'conversation_limit' must be a whole number"),
                Arguments.of("PUT", "/users/bob", "{\"limits\": {\"nope\": 1}}", "/limits/0",
                        "Plan 'free' has no quota 'nope'."),
                Arguments.of("PUT", "/users/bob", "{\"limits\": [1]}", "/limits/0", "Must be a JSON object"),
                Arguments.of("PUT", "/users/bob", "{\"plan\": \"premium\"}", "/plan/0", "Unknown field."),
                Arguments.of("PUT", "/users/bob/quotas/conversation_limit", "{\"used\": -1}", "/used/0",
                        "Must be a whole number from 0"),
                Arguments.of("PUT", "/users/bob/quotas/conversation_limit", "{\"used\": \"5\"}", "/used/0",
                        "Must be a whole number from 0"),
                Arguments.of("POST", "/users/bob/quotas/conversation_limit/increment", "{\"amount\": 1.5}",
                        "/amount/0", "Must be a whole number"),
                Arguments.of("PUT", "/settings", "{\"rate_limit_per_minute\": -1}", "/rate_limit_per_minute/0",
                        "Must be a whole number from 0 (off) to 1000000."),
                Arguments.of("PUT", "/settings", "{\"ip_allow_list\": [\"example.com\"]}", "/ip_allow_list/0",
                        "'example.com' is not an IP address or CIDR range."),
                Arguments.of("PUT", "/settings", "{\"ip_allow_list_enabled\": true, \"ip_allow_list\": []}",
                        "/ip_allow_list/0", "An enabled allow-list needs at least one range."),
                Arguments.of("PUT", "/settings", "{\"ip_allow_list_enabled\": \"yes\"}", "/ip_allow_list_enabled/0",
                        "Must be true or false."));
    }

    @ParameterizedTest(name = "[{index}] {0} {1} {2}")
    @MethodSource("badAdminRequests")
    void badAdminRequestIsRejectedAndChangesNothing(String method, String path, String body, String pointer,
            String message) throws Exception {
        String before = state();

        HttpResponse<String> response = quota.admin(method, path, adminToken, body);

        assertEquals(400, response.statusCode(), response.body());
        String actual = Http.json(response).at(pointer).asText();
        assertTrue(actual.startsWith(message), "expected '" + message + "' at " + pointer + ", got " + response.body());
        assertEquals(before, state(), "nothing changed");
    }

    static Stream<Arguments> badVerifyParameters() {
        return Stream.of(Arguments.of("?cost=0"), Arguments.of("?cost=-3"), Arguments.of("?cost=abc"),
                Arguments.of("?cost=99999999999999999999"), Arguments.of("?quota=nope"),
                Arguments.of("?quota=" + "q".repeat(40)));
    }

    @ParameterizedTest(name = "[{index}] verify{0}")
    @MethodSource("badVerifyParameters")
    void badVerifyParametersAre400AndCountNothing(String query) throws Exception {
        String key = quota.key("bob");
        String before = state();

        HttpResponse<String> response = quota.verify(key, query);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("INVALID_REQUEST", Http.json(response).get("code").asText());
        assertEquals(before, state(), "nothing counted");
    }

    private String state() throws Exception {
        return TestDatabaseSql.rows("SELECT ID, USED, WINDOW_START, LIMIT_OVERRIDE FROM LK_QUOTA_COUNTER ORDER BY ID")
                + Http.json(quota.admin("GET", "/plans", adminToken, null)).toString()
                + Http.json(quota.admin("GET", "/settings", adminToken, null)).toString()
                + TestDatabaseSql.rows("SELECT NAME, VALUE FROM USER_ATTRIBUTE WHERE USER_ID = ? ORDER BY NAME", bobId());
    }

    private String bobId() {
        return realm.admin().users().search("bob", true).get(0).getId();
    }
}
