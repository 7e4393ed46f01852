package io.latchkey.quota.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpResponse;
import java.util.List;

import jakarta.ws.rs.core.Response;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.keycloak.admin.client.CreatedResponseUtil;
import org.keycloak.admin.client.Keycloak;
import org.keycloak.representations.idm.CredentialRepresentation;
import org.keycloak.representations.idm.UserRepresentation;
import org.keycloak.testframework.annotations.InjectAdminClient;
import org.keycloak.testframework.annotations.InjectRealm;
import org.keycloak.testframework.annotations.KeycloakIntegrationTest;
import org.keycloak.testframework.realm.ManagedRealm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.latchkey.testsupport.Http;
import io.latchkey.testsupport.TestDatabaseSql;
import io.latchkey.testsupport.Tokens;

/**
 * Clients that read an admin object, edit it and write it back whole (as {@code kcadm.sh update} does) work on every
 * GET/PUT pair; the legacy service's admin user update with {@code reset} is understood; new users, however created,
 * read as the realm's default plan.
 */
@KeycloakIntegrationTest(config = QuotaServerConfig.class)
class QuotaAdminRoundTripIT {

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
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken, "{\"rate_limit_per_minute\": 0,"
                + " \"ip_allow_list_enabled\": false, \"ip_allow_list\": []}"));
    }

    @Test
    void everyGetCanBePutBackUnchanged() throws Exception {
        String user = newUser();
        Quota.expect(200, quota.admin("PUT", "/users/" + user + "/quotas/credits", adminToken, "{\"used\": 2}"));
        for (String path : List.of("/plans", "/settings", "/users/" + user)) {
            String before = state(user);
            JsonNode read = Quota.expect(200, quota.admin("GET", path, adminToken, null));

            JsonNode written = Quota.expect(200, quota.admin("PUT", path, adminToken, read.toString()));

            assertEquals(Quota.withoutResetTimes(read), Quota.withoutResetTimes(written),
                    path + " answers what it was sent");
            assertEquals(Quota.withoutResetTimes(read), Quota.withoutResetTimes(Quota.expect(200,
                    quota.admin("GET", path, adminToken, null))), path + " unchanged");
            assertEquals(before, state(user), path + " stored nothing new");
        }
    }

    @Test
    void editingOneMemberOfWhatGetAnsweredChangesOnlyThatMember() {
        ObjectNode plans = (ObjectNode) Quota.expect(200, quota.admin("GET", "/plans", adminToken, null));
        ObjectNode settings = (ObjectNode) Quota.expect(200, quota.admin("GET", "/settings", adminToken, null));
        ObjectNode bob = (ObjectNode) Quota.expect(200, quota.admin("GET", "/users/bob", adminToken, null));

        plans.put("default_plan", "premium");
        settings.put("rate_limit_per_minute", 120);
        bob.put("subscription_plan", "premium");
        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, plans.toString()));
        Quota.expect(200, quota.admin("PUT", "/settings", adminToken, settings.toString()));
        JsonNode bobAfter = Quota.expect(200, quota.admin("PUT", "/users/bob", adminToken, bob.toString()));

        assertEquals(plans, Quota.expect(200, quota.admin("GET", "/plans", adminToken, null)));
        assertEquals(settings, Quota.expect(200, quota.admin("GET", "/settings", adminToken, null)));
        assertEquals("bob", bobAfter.get("username").asText());
        assertEquals("premium", bobAfter.get("subscription_plan").asText());
        assertEquals(100, bobAfter.at("/quotas/0/limit").asLong(), "premium's conversation_limit");
        Quota.expect(200, quota.admin("PUT", "/users/bob", adminToken, "{\"subscription_plan\": \"free\"}"));
    }

    @Test
    void derivedMembersAreIgnoredButUnknownOnesAreStillRefused() throws Exception {
        ObjectNode bob = (ObjectNode) Quota.expect(200, quota.admin("GET", "/users/bob", adminToken, null));
        String before = state("bob");
        bob.put("username", "someone-else");
        bob.putArray("quotas").addObject().put("quota", "credits").put("override", 7);

        Quota.expect(200, quota.admin("PUT", "/users/bob", adminToken, bob.toString()));
        assertEquals(before, state("bob"), "username and quotas are read-only");

        bob.put("plan", "premium");
        HttpResponse<String> refused = quota.admin("PUT", "/users/bob", adminToken, bob.toString());
        assertEquals(400, refused.statusCode(), refused.body());
        assertEquals("Unknown field.", Http.json(refused).at("/plan/0").asText());
        ObjectNode settings = (ObjectNode) Quota.expect(200, quota.admin("GET", "/settings", adminToken, null));
        settings.put("rate_limit", 5);
        assertEquals(400, quota.admin("PUT", "/settings", adminToken, settings.toString()).statusCode());
        assertEquals(before, state("bob"));
    }

    @Test
    void legacyLimitsWithResetSetTheConversationAllowance() {
        String user = newUser();
        Quota.expect(200, quota.admin("PUT", "/users/" + user + "/quotas/conversation_limit", adminToken,
                "{\"used\": 4}"));

        JsonNode answer = Quota.expect(200, quota.admin("PUT", "/users/" + user, adminToken,
                "{\"subscription_plan\":\"premium\",\"limits\":{\"conversation_limit\":100,\"reset\":100}}"));

        JsonNode read = Quota.expect(200, quota.admin("GET", "/users/" + user, adminToken, null));
        assertEquals(Quota.withoutResetTimes(answer), Quota.withoutResetTimes(read));
        assertEquals("premium", read.get("subscription_plan").asText());
        JsonNode conversations = conversations(read);
        assertEquals(100, conversations.get("override").asLong());
        assertEquals(100, conversations.get("limit").asLong());
        assertEquals(100, conversations.get("remaining").asLong(), "conversation_limit is what is left now");
        assertTrue(read.at("/quotas").findValues("quota").stream().noneMatch(q -> q.asText().equals("reset")));
    }

    @Test
    void legacyConversationLimitBelowResetIsWhatIsLeftToday() {
        String user = newUser();

        Quota.expect(200, quota.admin("PUT", "/users/" + user, adminToken,
                "{\"limits\": {\"conversation_limit\": 40, \"reset\": 60}}"));

        JsonNode conversations = conversations(Quota.expect(200, quota.admin("GET", "/users/" + user, adminToken,
                null)));
        assertEquals(60, conversations.get("limit").asLong());
        assertEquals(20, conversations.get("used").asLong());
        assertEquals(40, conversations.get("remaining").asLong());
        HttpResponse<String> tooMany = quota.admin("PUT", "/users/" + user, adminToken,
                "{\"limits\": {\"conversation_limit\": 70, \"reset\": 60}}");
        assertEquals(400, tooMany.statusCode(), tooMany.body());
        assertTrue(Http.json(tooMany).at("/limits/0").asText().startsWith("conversation_limit (conversations left"));
    }

    @Test
    void aUserCreatedThroughTheAdminApiReadsAsTheRealmsDefaultPlan() throws Exception {
        String user = newUser();
        String token = Tokens.password(realm.getBaseUrl(), user, QuotaRealmConfig.PASSWORD);

        assertEquals("free", Quota.expect(200, quota.admin("GET", "/users/" + user, adminToken, null))
                .get("subscription_plan").asText());
        assertEquals("free", Quota.expect(200, Quota.send("GET", realm.getBaseUrl() + "/quota", token, null))
                .get("subscription_plan").asText());
        assertEquals(List.<List<String>>of(), TestDatabaseSql.rows("SELECT VALUE FROM USER_ATTRIBUTE WHERE NAME ="
                + " 'subscription_plan' AND USER_ID = ?", id(user)), "nothing stored: the default is read");

        Quota.expect(200, quota.admin("PUT", "/plans", adminToken, TestPlans.JSON.replaceFirst(
                "\"default_plan\": \"free\"", "\"default_plan\": \"premium\"")));

        assertEquals("premium", Quota.expect(200, Quota.send("GET", realm.getBaseUrl() + "/quota", token, null))
                .get("subscription_plan").asText(), "the realm's default plan wins");
        assertEquals("premium", Quota.expect(200, quota.admin("GET", "/users/" + newUser(), adminToken, null))
                .get("subscription_plan").asText());
    }

    private static JsonNode conversations(JsonNode user) {
        for (JsonNode status : user.get("quotas")) {
            if (status.get("quota").asText().equals("conversation_limit")) {
                return status;
            }
        }
        throw new AssertionError("no conversation_limit in " + user);
    }

    /** A user made as an admin makes one, with nothing but a username, an email and a password. */
    private String newUser() {
        String username = "new-" + System.nanoTime();
        UserRepresentation user = new UserRepresentation();
        user.setUsername(username);
        user.setEmail(username + "@latchkey.test");
        user.setFirstName("New");
        user.setLastName("User");
        user.setEmailVerified(true);
        user.setEnabled(true);
        CredentialRepresentation password = new CredentialRepresentation();
        password.setType(CredentialRepresentation.PASSWORD);
        password.setValue(QuotaRealmConfig.PASSWORD);
        password.setTemporary(false);
        user.setCredentials(List.of(password));
        try (Response created = realm.admin().users().create(user)) {
            String id = CreatedResponseUtil.getCreatedId(created);
            realm.cleanup().add(r -> r.users().delete(id).close());
        }
        return username;
    }

    private String id(String username) {
        return realm.admin().users().search(username, true).get(0).getId();
    }

    private String state(String username) throws Exception {
        return "" + TestDatabaseSql.rows("SELECT ID, USED, WINDOW_START, LIMIT_OVERRIDE FROM LK_QUOTA_COUNTER ORDER BY ID")
                + TestDatabaseSql.rows("SELECT NAME, VALUE FROM REALM_ATTRIBUTE WHERE REALM_ID = ? ORDER BY NAME",
                        realm.getId())
                + TestDatabaseSql.rows("SELECT NAME, VALUE FROM USER_ATTRIBUTE WHERE USER_ID = ? ORDER BY NAME",
                        id(username));
    }
}
